import { startBenchSites } from "/work/main/bench/crawl-bench-sites.ts";
import { bareUndici, ourFetchStage } from "/work/main/bench/crawl-bench-contenders.ts";
const n = Number(process.env.N ?? 200);
const sites = await startBenchSites(n);
for (let i = 0; i < 2; i++) {
  const b = await bareUndici(sites, sites.pages, 16, false);
  const o = await ourFetchStage(sites.registry, 16);
  console.log("bare", b.pages, b.ms.toFixed(0), "ours", o.pages, o.ms.toFixed(0));
}
await sites.close();
