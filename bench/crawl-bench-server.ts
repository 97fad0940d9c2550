// Child process of the crawl bench: serves the bench sites and answers "counts" / "reset" / "cpu" over IPC.
import { serveBenchSites } from "./crawl-bench-sites.ts";

const { port, counts } = await serveBenchSites(Number(process.argv[2] ?? 1000));
process.on("message", (message) => {
  // The server's CPU time so far (µs), so the bench can say what serving cost beside what crawling did.
  if (message === "cpu") {
    process.send?.({ cpu: process.cpuUsage() });
    return;
  }
  process.send?.({ counts: { ...counts } });
  if (message === "reset") {
    counts.ok = 0;
    counts.notModified = 0;
    counts.notFound = 0;
  }
});
process.on("disconnect", () => process.exit(0));
process.send?.({ port });
