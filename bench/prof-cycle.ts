// Profiling entry point (not a benchmark): two cycles of the crawl bench on N bureaus, for --cpu-prof.
// node --cpu-prof --import tsx bench/prof-cycle.ts [bureaus]

import { startReadPool } from "../infra/local/read-pool.ts";
import { SAMPLE_GROUND_TRUTH } from "../infra/local/sites/ground-truth.ts";
import { startCycleBench, startCycleStore } from "./crawl-bench-contenders.ts";
import { startBenchSites } from "./crawl-bench-sites.ts";

const n = Number(process.argv[2] ?? 300);
const sites = await startBenchSites(n);
const reader = startReadPool();
await reader.ready();
const store = await startCycleStore();
const cycle = await startCycleBench(sites.registry, 16, SAMPLE_GROUND_TRUTH.today, reader, store, "prof");
const t0 = performance.now();
const r = await cycle.run();
console.log("first", (performance.now() - t0).toFixed(0), "ms", r.reads, JSON.stringify(r.requests));
const t1 = performance.now();
const r2 = await cycle.run();
console.log("second", (performance.now() - t1).toFixed(0), "ms", r2.reads);
await cycle.close();
await store.close();
await reader.close();
await sites.close();
