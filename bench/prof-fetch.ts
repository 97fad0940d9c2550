// Profiling entry point (not a benchmark): one contender of the crawl bench, four rounds, for --cpu-prof.
// node --cpu-prof --import tsx bench/prof-fetch.ts stage|fetcher|bare
import { bareUndici, ourFetcherLoop, ourFetchStage } from "./crawl-bench-contenders.ts";
import { startBenchSites } from "./crawl-bench-sites.ts";

const sites = await startBenchSites(1000);
const mode = process.argv[2] ?? "stage";
for (let i = 0; i < Number(process.env.ROUNDS ?? 4); i++) {
  const t =
    mode === "stage"
      ? await ourFetchStage(sites.registry, 16)
      : mode === "fetcher"
        ? await ourFetcherLoop(sites.registry, sites.pages, 16)
        : await bareUndici(sites, sites.pages, 16, false);
  console.log(mode, t.pages, t.ms.toFixed(0));
}
await sites.close();
