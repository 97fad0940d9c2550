// The bundled sample sites: served by Host header on 127.0.0.1, in the charsets the ground truth
// claims, with tables whose arithmetic (recomputed here from the served HTML) matches the ground truth.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import * as cheerio from "cheerio";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleSites } from "../../infra/local/sites/build-sites.ts";
import { type GroundTruthDocument, SAMPLE_GROUND_TRUTH } from "../../infra/local/sites/ground-truth.ts";
import {
  buildSampleSites,
  type SampleSitesServer,
  startSampleSites,
} from "../../infra/local/sites/server.ts";
import { groundTruthJson } from "../../infra/local/sites/write-ground-truth.ts";
import { clientRedirectTarget } from "../../shared/crawl/client-redirect.ts";
import { parseRegistry } from "../../shared/registry/index.ts";
import { arithmeticFailures } from "./table-recompute.ts";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

let server: SampleSitesServer;
beforeAll(async () => {
  server = await startSampleSites();
});
afterAll(async () => {
  await server.close();
});

/** GET through the loopback address with the URL's host in the Host header, as a --resolve client does. */
function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: server.port,
        path: target.pathname,
        headers: { host: target.host, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const allDocuments = SAMPLE_GROUND_TRUTH.bureaus.flatMap((b) => b.documents);
const iconvName = (encoding: GroundTruthDocument["encoding"]) =>
  encoding === "gbk" ? "gb18030" : encoding === "big5" ? "big5" : "utf8";
const decode = (doc: GroundTruthDocument, body: Buffer) => iconv.decode(body, iconvName(doc.encoding));

describe("sample sites", () => {
  it("has at least 12 bureaus, each with its own host, an office and a resolve entry", () => {
    const { registry } = server;
    expect(registry.bureaus.length).toBeGreaterThanOrEqual(12);
    const hosts = registry.bureaus.map((b) => new URL(b.site).host);
    expect(new Set(hosts).size).toBe(hosts.length);
    const officeIds = new Set(registry.offices.map((o) => o.id));
    for (const bureau of registry.bureaus) {
      expect(officeIds.has(bureau.supervisor)).toBe(true);
      expect(bureau.regionCode).toMatch(/^\d{6}$/);
      for (const host of [new URL(bureau.site).host, ...(bureau.hosts ?? [])]) {
        expect(registry.resolve?.[host]).toBe(`127.0.0.1:${server.port}`);
      }
    }
    expect(new Set(registry.bureaus.map((b) => b.agencyType))).toEqual(
      new Set(["department", "government", "township"]),
    );
    expect(registry.allowPrivateNetwork).toBe(true);
    expect(parseRegistry(JSON.parse(JSON.stringify(registry)))).toEqual(registry);
  });

  it("dispatches on the Host header and serves each bureau's listing", async () => {
    let refreshing = 0;
    for (const bureau of server.registry.bureaus) {
      let reply = await get(bureau.listings[0]!);
      // A column entry that only refreshes to the listing (one bureau's registry names such a page).
      const target = clientRedirectTarget(reply.body, bureau.listings[0]!);
      if (target) {
        refreshing++;
        reply = await get(target);
      }
      expect(reply.status, bureau.id).toBe(200);
      const doc = SAMPLE_GROUND_TRUTH.bureaus.find((b) => b.bureauId === bureau.id)!.documents[0]!;
      expect(decode(doc, reply.body)).toContain(bureau.name);
    }
    expect(refreshing).toBe(1);
    expect((await get("http://unknown.example.gov.cn/")).status).toBe(404);
    expect((await get(`${server.registry.bureaus[0]!.site}no/such/page.html`)).status).toBe(404);
  });

  it("serves every ground-truth url, attachment, image and listing page", async () => {
    const urls = SAMPLE_GROUND_TRUTH.bureaus.flatMap((b) => [
      ...b.listingPages,
      ...b.documents.flatMap((d) => [d.url, ...d.attachments, ...d.images]),
    ]);
    for (const url of urls) expect((await get(url)).status, url).toBe(200);
    const pdfDoc = allDocuments.find((d) => d.render === "pdf")!;
    const pdf = await get(pdfDoc.attachments[0]!);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const image = await get(allDocuments.find((d) => d.render === "images")!.images[0]!);
    expect(image.headers["content-type"]).toBe("image/png");
  });

  it("encodes each page as the ground truth says and declares the charset where it says", async () => {
    const encodings = new Set<string>();
    for (const doc of allDocuments) {
      const reply = await get(doc.url);
      const title = doc.title;
      expect(decode(doc, reply.body), doc.url).toContain(title);
      if (doc.encoding !== "utf-8") expect(reply.body.toString("utf8")).toContain("\uFFFD");
      const header =
        /charset=([\w-]+)/i.exec(String(reply.headers["content-type"]))?.[1]?.toLowerCase() ?? null;
      expect(header, doc.url).toBe(doc.declaredCharset.header);
      const meta =
        /<meta[^>]+charset=([\w-]+)/i.exec(reply.body.toString("latin1"))?.[1]?.toLowerCase() ?? null;
      expect(meta, doc.url).toBe(doc.declaredCharset.meta);
      encodings.add(doc.encoding);
    }
    expect(encodings).toEqual(new Set(["utf-8", "gbk", "big5"]));
  });

  it("has one page whose header lies while its <meta> tells the truth", async () => {
    const liar = allDocuments.filter((d) => d.declaredCharset.header === "utf-8" && d.encoding !== "utf-8");
    expect(liar).toHaveLength(1);
    const reply = await get(liar[0]!.url);
    expect(reply.body.toString("utf8")).not.toContain(liar[0]!.title);
    expect(iconv.decode(reply.body, "gb18030")).toContain(liar[0]!.title);
  });

  it("serves tables whose recomputed arithmetic fails exactly where the ground truth says", async () => {
    let checked = 0;
    for (const doc of allDocuments.filter((d) => d.kind === "annual-report" && d.render === "html")) {
      const failures = arithmeticFailures(decode(doc, (await get(doc.url)).body));
      const expected = doc.findings
        .filter((f) => f.rule === "table-arithmetic")
        .map((f) => ({
          table: f.table,
          relation: f.relation,
          ...(f.row ? { row: f.row } : {}),
          column: f.column,
        }));
      expect(failures, doc.url).toEqual(expected);
      if (doc.format !== "unknown" && doc.format !== "2008") checked++;
    }
    expect(checked).toBeGreaterThan(40);
    const broken = allDocuments.filter((d) => d.findings.some((f) => f.rule === "table-arithmetic"));
    expect(broken.map((d) => [d.render, new Set(d.findings.map((f) => f.table))])).toEqual([
      ["html", new Set(["review"])],
      ["html", new Set(["requests"])],
      // The OFD attachment's Table 4 (read through the cycle: test/integration/cycle.test.ts).
      ["ofd", new Set(["review"])],
    ]);
  });

  it("robots.txt forbids the path of the trap link, which the listing really links to", async () => {
    const bureau = SAMPLE_GROUND_TRUTH.bureaus.find((b) => b.robotsDisallowed.length > 0)!;
    const robots = (await get(`http://${bureau.host}/robots.txt`)).body.toString("utf8");
    const disallowed = [...robots.matchAll(/^Disallow:\s*(\S+)/gm)].map((m) => m[1]!);
    const trap = new URL(bureau.robotsDisallowed[0]!);
    expect(disallowed.some((prefix) => trap.pathname.startsWith(prefix))).toBe(true);
    const listing = (await get(bureau.listingPages[0]!)).body.toString("utf8");
    expect(listing).toContain(`href="${trap.pathname}"`);
    for (const doc of bureau.documents.filter((d) => !d.robotsForbidden)) {
      expect(disallowed.some((prefix) => new URL(doc.url).pathname.startsWith(prefix))).toBe(false);
    }
  });

  it("answers conditional requests with 304", async () => {
    const url = allDocuments[0]!.url;
    const first = await get(url);
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers["last-modified"]);
    expect(etag).toMatch(/^".+"$/);
    const byTag = await get(url, { "if-none-match": etag });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect((await get(url, { "if-modified-since": lastModified })).status).toBe(304);
    expect((await get(url, { "if-modified-since": "Mon, 01 Jan 2001 00:00:00 GMT" })).status).toBe(200);
    expect((await get(url, { "if-none-match": '"other"' })).status).toBe(200);
  });

  it("serves the five seeds unchanged on their bureaus' pages", async () => {
    const seeds = allDocuments.filter((d) => d.seed && !d.duplicateOf);
    expect(new Set(seeds.map((d) => d.seed))).toEqual(new Set(["000", "001", "002", "003", "004"]));
    for (const doc of seeds) {
      const file = new URL(`../../infra/local/sites/seeds/`, import.meta.url);
      const name = [
        "000_e4321a9adb630a3a",
        "001_be91649d0d9c67f4",
        "002_9011374d10fa4802",
        "003_bea9b9c351d2f02a",
        "004_73fd7277be857a29",
      ].find((n) => n.startsWith(doc.seed!))!;
      const lines = readFileSync(new URL(`${name}.txt`, file), "utf8")
        .split("\n")
        .filter((l) => l.trim());
      const page = cheerio.load(decode(doc, (await get(doc.url)).body));
      const text = page("#zoom").text();
      const gateway = allDocuments.find((d) => d.duplicateOf === doc.url);
      const traditional = gateway
        ? cheerio
            .load(decode(gateway, (await get(gateway.url)).body))("#zoom")
            .text()
        : text;
      for (const line of lines.slice(0, 5)) expect(traditional).toContain(line.trim());
      if (doc.publishedAt === null)
        expect(page.text()).not.toMatch(/发布日期|发文日期|发布时间|\d{4}-\d{2}-\d{2}/);
    }
  });

  it("has a report-missing year whose report really is absent from the column", async () => {
    const missing = SAMPLE_GROUND_TRUTH.bureaus.filter((b) =>
      b.findings.some((f) => f.rule === "report-missing"),
    );
    expect(missing).toHaveLength(1);
    const bureau = missing[0]!;
    const year = bureau.findings[0]!.year!;
    const listing = (await get(bureau.listingPages[0]!)).body.toString("utf8");
    expect(listing).toContain(`${year - 1}年政府信息公开工作年度报告`);
    expect(listing).not.toContain(`${year}年政府信息公开工作年度报告`);
  });

  it("builds the same bytes every time, and the JSON copy matches the ground truth", () => {
    const digest = (files: ReturnType<typeof createSampleSites>) => {
      const hash = createHash("sha256");
      for (const host of Object.keys(files).sort()) {
        for (const path of Object.keys(files[host]!).sort())
          hash.update(host + path).update(files[host]![path]!.body);
      }
      return hash.digest("hex");
    };
    expect(digest(createSampleSites())).toBe(digest(buildSampleSites()));
    const json = readFileSync(
      new URL("../../infra/local/sites/generated/ground-truth.json", import.meta.url),
      "utf8",
    );
    expect(json).toBe(groundTruthJson());
  });
});
