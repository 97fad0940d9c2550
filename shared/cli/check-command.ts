// `check <file-or-url>` (DESIGN §5): exit 0 when it ran (whatever it found), 2 on bad usage, 1 when the
// input cannot be read. One line on failure; a stack trace only with --debug.
import { createHash } from "node:crypto";
import { basename } from "node:path";
import type { ParsedReport, ReadInput } from "../domain/report.ts";
import { chinaToday } from "../rules/deadline.ts";
import { runChecks } from "../rules/run-checks.ts";
import { CHECK_USAGE, parseCheckArgs } from "./check-args.ts";
import { type FetchInput, fetchWithLimits, InputReadError, isUrl, readLocalFile } from "./fetch-input.ts";
import { formatHuman } from "./format-human.ts";
import { buildCheckJson } from "./format-json.ts";

export interface CheckIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  fetch?: FetchInput;
}

export interface CheckDependencies {
  /** The reader; the real one by default (tests may inject another). */
  read?: (input: ReadInput) => Promise<ParsedReport>;
  /** YYYY-MM-DD (China) the deadlines are judged against; now by default. */
  today?: string;
}

export const EXIT_OK = 0;
export const EXIT_UNREADABLE = 1;
export const EXIT_USAGE = 2;

export async function runCheck(argv: string[], io: CheckIo, deps: CheckDependencies = {}): Promise<number> {
  const args = parseCheckArgs(argv);
  if (!args.ok) {
    io.stderr(`${args.error}。${CHECK_USAGE}\n`);
    return EXIT_USAGE;
  }
  const options = args.options;
  if (options.help) {
    io.stdout(`${CHECK_USAGE}\n`);
    return EXIT_OK;
  }
  let report: ParsedReport;
  let input: ReadInput;
  try {
    input = await loadInput(options.input, io.fetch ?? fetchWithLimits);
    if (options.agencyType) input.agencyType = options.agencyType;
    report = await (deps.read ?? (await loadReader()))(input);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr(`无法读取：${reason}\n`);
    if (options.debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT_UNREADABLE;
  }
  const findings = runChecks(report, {
    ...(options.agencyType ? { agencyType: options.agencyType } : {}),
    ...(options.publishedAt ? { publishedAt: options.publishedAt } : {}),
    ...(input.url ? { url: input.url } : {}),
    snapshot: createHash("sha256").update(input.bytes).digest("hex"),
    today: deps.today ?? chinaToday(),
  });
  const overrides = {
    ...(options.agencyType ? { agencyType: options.agencyType } : {}),
    ...(options.publishedAt ? { publishedAt: options.publishedAt } : {}),
  };
  if (options.json) {
    io.stdout(`${JSON.stringify(buildCheckJson(report, findings, overrides), null, 2)}\n`);
  } else {
    io.stdout(formatHuman(report, findings, { colour: io.isTTY, source: options.input, ...overrides }));
  }
  return EXIT_OK;
}

/** Loaded on demand: the reader pulls in the PDF/DOCX stack, which usage errors never need. */
async function loadReader(): Promise<(input: ReadInput) => Promise<ParsedReport>> {
  const { readReport } = await import("../report/read-report.ts");
  return readReport;
}

/** `scheme://…`: meant as an address, though not one `check` fetches (ftp://, file://). */
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

async function loadInput(source: string, fetchInput: FetchInput): Promise<ReadInput> {
  if (isUrl(source)) {
    if (!URL.canParse(source)) throw new InputReadError(`网址无效：“${source}”`);
    const fetched = await fetchInput(source);
    if (fetched.bytes.byteLength === 0) throw new InputReadError(`“${source}”返回的内容是空的`);
    return {
      bytes: fetched.bytes,
      url: fetched.url,
      ...(fetched.contentType ? { contentType: fetched.contentType } : {}),
    };
  }
  if (OTHER_SCHEME.test(source)) throw new InputReadError(`只能读取 http(s) 网址或本地文件：“${source}”`);
  const bytes = await readLocalFile(source);
  if (bytes.byteLength === 0) throw new InputReadError(`文件“${source}”是空的`);
  // A draft's file name is often its title: a report printed as images has no other.
  return { bytes, linkText: basename(source) };
}
