import { ourFetchStage, ourFetcherLoop, bareUndici } from "./crawl-bench-contenders.ts";
import { startBenchSites } from "./crawl-bench-sites.ts";
const sites = await startBenchSites(1000);
const mode = process.argv[2] ?? "stage";
for (let i = 0; i < 4; i++) {
  const t = mode === "stage" ? await ourFetchStage(sites.registry, 16) : mode === "fetcher" ? await ourFetcherLoop(sites.registry, sites.pages, 16) : await bareUndici(sites, sites.pages, 16, false);
  console.log(mode, t.pages, t.ms.toFixed(0));
}
await sites.close();
