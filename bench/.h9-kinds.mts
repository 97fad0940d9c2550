import { decodeBytes } from "../shared/text/decode.ts";
import { analyseListing, extractLinks, findAttachments } from "../shared/crawl/discover.ts";
import { buildFiles } from "./crawl-bench-sites.ts";
const { files } = buildFiles(50);
const listings: [string, Buffer, string][] = [], reports: [string, Buffer, string][] = [];
for (const [key, f] of files) {
  if (key.endsWith("robots.txt")) continue;
  (/(index|\/)$|col\d+\/$/.test(key) || f.body.length < 8000 ? listings : reports).push(["http://" + key, f.body, f.contentType]);
}
const time = (list: [string, Buffer, string][], f: (u: string, b: Buffer, c: string) => void) => { for (const [u, b, c] of list) f(u, b, c); const t = performance.now(); for (let r = 0; r < 5; r++) for (const [u, b, c] of list) f(u, b, c); return (performance.now() - t) / (5 * list.length); };
for (const [name, list] of [["listing", listings], ["report", reports]] as const) {
  const dec = time(list, (u, b, c) => decodeBytes(b, c));
  const ex = time(list, (u, b, c) => extractLinks(decodeBytes(b, c).text, u));
  const an = time(list, (u, b, c) => name === "listing" ? analyseListing(decodeBytes(b, c).text, u, { isAllowedHost: () => true }) : findAttachments(decodeBytes(b, c).text, u, () => true));
  console.log(`${name} (${list.length}, avg ${(list.reduce((n, l) => n + l[1].length, 0) / list.length / 1024).toFixed(1)} KB): decodeBytes ${dec.toFixed(3)} ms, decode+extractLinks ${ex.toFixed(3)} ms, decode+${name === "listing" ? "analyseListing" : "findAttachments"} ${an.toFixed(3)} ms`);
}
