// Child process of the crawl bench: serves the bench sites and answers "counts" / "reset" over IPC.
import { serveBenchSites } from "./crawl-bench-sites.ts";

const { port, counts } = await serveBenchSites(Number(process.argv[2] ?? 1000));
process.on("message", (message) => {
  process.send?.({ counts: { ...counts } });
  if (message === "reset") {
    counts.ok = 0;
    counts.notModified = 0;
    counts.notFound = 0;
  }
});
process.on("disconnect", () => process.exit(0));
process.send?.({ port });
