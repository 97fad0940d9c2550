// The crawl bench's sites: N bureaus cloned from a few sample bureaus (their real listing and report
// pages), each on its own host bNNNN.bench.gov.cn with a listing linking three reports of different
// years. One server answers them all: by Host header (our crawler, the bare undici loop), or under
// /__site/<host>/<path> for contenders that cannot map host names to 127.0.0.1 (CheerioCrawler). Either
// way the same bytes, with ETag/Last-Modified and 304 answers.
import { fork } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { SAMPLE_SITES } from "../infra/local/sites/bureaus.ts";
import { SAMPLE_GROUND_TRUTH } from "../infra/local/sites/ground-truth.ts";
import { buildSampleSites, type SiteFile } from "../infra/local/sites/server.ts";
import type { Registry } from "../shared/domain/registry.ts";
import { parseRegistry } from "../shared/registry/index.ts";

/** Sample bureaus whose listing is a single page with one link per line (see infra/local/sites). */
const TEMPLATE_IDS = ["hzbj-tjj", "jr-tjj", "zt-gov", "hz-gzjd", "wh-sthjj"];
const REPORTS_PER_BUREAU = 3;
export const PROXY_PREFIX = "/__site/";

export interface ServedFile {
  body: Buffer;
  contentType: string;
  lastModified: string;
  etag: string;
}

export interface BenchPage {
  host: string;
  path: string;
  kind: "robots" | "listing" | "report";
}

export interface ServerCounts {
  ok: number;
  notModified: number;
  notFound: number;
}

export interface BenchSites {
  registry: Registry;
  /** The files the server serves, by "host/path": for a contender that fetches nothing. */
  files: ReadonlyMap<string, ServedFile>;
  /** robots.txt, listings and reports of every bureau. */
  pages: BenchPage[];
  port: number;
  /** http://127.0.0.1:port/__site/<host><path>: the same file without a resolve map. */
  proxiedUrl(page: BenchPage): string;
  /** Answers by the server since the last reset. */
  counts(): Promise<ServerCounts>;
  resetCounts(): Promise<void>;
  /** CPU time (ms, user + system) the server's process has used so far. */
  serverCpuMs(): Promise<number>;
  close(): Promise<void>;
}

interface Template {
  site: (typeof SAMPLE_SITES)[number];
  robots: SiteFile | undefined;
  listing: SiteFile;
  reports: { path: string; file: SiteFile }[];
}

function templates(): Template[] {
  const files = buildSampleSites();
  return TEMPLATE_IDS.map((id) => {
    const site = SAMPLE_SITES.find((s) => s.bureauId === id);
    const truth = SAMPLE_GROUND_TRUTH.bureaus.find((b) => b.bureauId === id);
    const hostFiles = site && files[site.host];
    const listing = site && hostFiles?.[site.listingPath];
    if (!site || !truth || !hostFiles || !listing) throw new Error(`bench template ${id} is missing`);
    const reports = truth.documents
      .filter(
        (d) => d.kind === "annual-report" && !d.duplicateOf && (d.render === "html" || d.render === "text"),
      )
      .sort((a, b) => b.year - a.year)
      .slice(0, REPORTS_PER_BUREAU)
      .map((d) => {
        const path = new URL(d.url).pathname;
        const file = hostFiles[path];
        if (!file) throw new Error(`bench template ${id}: no file for ${d.url}`);
        return { path, file };
      });
    return { site, robots: hostFiles["/robots.txt"], listing, reports };
  });
}

/** Keeps the listing's chrome and the links to the chosen reports; other report links go. */
function listingFor(template: Template, benchHost: string): Buffer {
  const keep = new Set(template.reports.map((r) => r.path));
  const linked = /href="([^"]+)"/;
  const lines = Buffer.from(template.listing.body)
    .toString("latin1")
    .split("\n")
    .filter((line) => {
      if (!line.includes("<li")) return true;
      const href = linked.exec(line)?.[1];
      if (!href) return true;
      const path = href.startsWith("http") ? new URL(href).pathname : href;
      return keep.has(path) || !/\.s?html?$/.test(path);
    });
  // A Hanweb column says how many records it holds: the kept ones, or the crawler would ask for the rest.
  const kept = lines.filter((line) => line.includes("<record>")).length;
  const html = lines.join("\n").replace(/totalRecord:\d+/, `totalRecord:${kept}`);
  return Buffer.from(html.replaceAll(template.site.host, benchHost), "latin1");
}

/** Each bureau's copy differs by a trailing comment, so hashes (and snapshots) are per bureau. */
function stamped(body: Uint8Array, host: string): Buffer {
  return Buffer.concat([Buffer.from(body), Buffer.from(`\n<!-- ${host} -->\n`, "latin1")]);
}

function served(body: Buffer, like: SiteFile): ServedFile {
  const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 20)}"`;
  return { body, contentType: like.contentType, lastModified: like.lastModified, etag };
}

export function benchHost(index: number): string {
  return `b${String(index).padStart(4, "0")}.bench.gov.cn`;
}

export function buildFiles(bureaus: number): {
  files: Map<string, ServedFile>;
  pages: BenchPage[];
  registry: (port: number) => Registry;
} {
  const all = templates();
  const files = new Map<string, ServedFile>();
  const pages: BenchPage[] = [];
  const bureauList: Registry["bureaus"] = [];
  for (let i = 0; i < bureaus; i++) {
    const template = all[i % all.length]!;
    const host = benchHost(i);
    const add = (path: string, body: Buffer, like: SiteFile, kind: BenchPage["kind"]) => {
      files.set(`${host}${path}`, served(body, like));
      pages.push({ host, path, kind });
    };
    if (template.robots) add("/robots.txt", Buffer.from(template.robots.body), template.robots, "robots");
    add(template.site.listingPath, stamped(listingFor(template, host), host), template.listing, "listing");
    for (const report of template.reports)
      add(report.path, stamped(report.file.body, host), report.file, "report");
    bureauList.push({
      id: `bench-${String(i).padStart(4, "0")}`,
      name: template.site.name,
      regionCode: template.site.regionCode,
      agencyType: template.site.agencyType,
      supervisor: "bench-office",
      site: `http://${host}/`,
      listings: [`http://${host}${template.site.listingPath}`],
    });
  }
  const registry = (port: number): Registry =>
    parseRegistry({
      offices: [{ id: "bench-office", name: "基准测试政务公开办", emails: ["bench@example.gov.cn"] }],
      bureaus: bureauList,
      resolve: Object.fromEntries(bureauList.map((b) => [new URL(b.site).hostname, `127.0.0.1:${port}`])),
      allowPrivateNetwork: true,
    });
  return { files, pages, registry };
}

function keyOf(request: IncomingMessage): string {
  const raw = request.url ?? "/";
  const path = raw.split(/[?#]/)[0] ?? "/";
  if (path.startsWith(PROXY_PREFIX)) return path.slice(PROXY_PREFIX.length);
  const host = (request.headers.host ?? "").split(":")[0]?.toLowerCase() ?? "";
  return `${host}${path}`;
}

function isNotModified(request: IncomingMessage, file: ServedFile): boolean {
  const tag = request.headers["if-none-match"];
  if (tag !== undefined) return tag.split(",").some((t) => t.trim().replace(/^W\//, "") === file.etag);
  const since = request.headers["if-modified-since"];
  return since !== undefined && Date.parse(file.lastModified) <= Date.parse(since);
}

/** The server half, run in a child process so serving costs no CPU on the contenders' thread. */
export async function serveBenchSites(bureaus: number): Promise<{ port: number; counts: ServerCounts }> {
  const { files } = buildFiles(bureaus);
  const counts: ServerCounts = { ok: 0, notModified: 0, notFound: 0 };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const file = files.get(keyOf(request));
    if (!file) {
      counts.notFound++;
      response.writeHead(404, { "Content-Type": "text/plain", "Content-Length": 9 });
      response.end("not found");
      return;
    }
    const validators = { ETag: file.etag, "Last-Modified": file.lastModified };
    if (isNotModified(request, file)) {
      counts.notModified++;
      response.writeHead(304, validators);
      response.end();
      return;
    }
    counts.ok++;
    response.writeHead(200, {
      ...validators,
      "Content-Type": file.contentType,
      "Content-Length": file.body.byteLength,
    });
    response.end(file.body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, counts };
}

type Message = { port: number } | { counts: ServerCounts } | { cpu: NodeJS.CpuUsage };

export async function startBenchSites(bureaus: number): Promise<BenchSites> {
  const { files, pages, registry } = buildFiles(bureaus);
  const child = fork(fileURLToPath(new URL("./crawl-bench-server.ts", import.meta.url)), [String(bureaus)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () =>
    new Promise<Message>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench server exited with ${code}`));
      child.once("message", (m) => {
        child.off("exit", onExit);
        resolve(m as Message);
      });
      child.once("exit", onExit);
    });
  const ready = await next();
  if (!("port" in ready)) throw new Error("bench server did not report its port");
  const port = ready.port;
  const ask = async (what: "counts" | "reset"): Promise<ServerCounts> => {
    const reply = next();
    child.send(what);
    const m = await reply;
    if (!("counts" in m)) throw new Error("bench server did not report its counts");
    return m.counts;
  };
  return {
    registry: registry(port),
    files,
    pages,
    port,
    proxiedUrl: (page) => `http://127.0.0.1:${port}${PROXY_PREFIX}${page.host}${page.path}`,
    counts: () => ask("counts"),
    async resetCounts() {
      await ask("reset");
    },
    async serverCpuMs() {
      const reply = next();
      child.send("cpu");
      const m = await reply;
      if (!("cpu" in m)) throw new Error("bench server did not report its CPU time");
      return (m.cpu.user + m.cpu.system) / 1000;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}
