// Arguments of `check <file-or-url> [--json] [--agency-type …] [--published YYYY-MM-DD] [--debug]` (DESIGN §5).
import { parseArgs } from "node:util";
import { AGENCY_TYPES, type AgencyType } from "../domain/keys.ts";
import { toChinaDate } from "../rules/deadline.ts";

export const CHECK_USAGE =
  "用法：check <文件或网址> [--json] [--agency-type department|government|township] [--published YYYY-MM-DD] [--debug]";

export interface CheckOptions {
  input: string;
  json: boolean;
  debug: boolean;
  help: boolean;
  agencyType?: AgencyType;
  publishedAt?: string;
}

export type ParsedCheckArgs = { ok: true; options: CheckOptions } | { ok: false; error: string };

export function parseCheckArgs(argv: string[]): ParsedCheckArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { ok: false, error: `参数错误：${error instanceof Error ? error.message : String(error)}` };
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  if (help) return { ok: true, options: { input: "", json: false, debug: false, help } };
  if (positionals.length !== 1) {
    return {
      ok: false,
      error: positionals.length === 0 ? "缺少要检查的文件或网址" : "只能检查一个文件或网址",
    };
  }
  const options: CheckOptions = {
    input: positionals[0] ?? "",
    json: values.json === true,
    debug: values.debug === true,
    help,
  };
  if (values["agency-type"] !== undefined) {
    const type = values["agency-type"];
    if (!(AGENCY_TYPES as readonly string[]).includes(type)) {
      return { ok: false, error: `--agency-type 只能是 ${AGENCY_TYPES.join("、")}，收到“${type}”` };
    }
    options.agencyType = type as AgencyType;
  }
  if (values.published !== undefined) {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(values.published) ? toChinaDate(values.published) : undefined;
    if (day === undefined)
      return { ok: false, error: `--published 应为 YYYY-MM-DD 格式的日期，收到“${values.published}”` };
    options.publishedAt = day;
  }
  return { ok: true, options };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean" },
      debug: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      "agency-type": { type: "string" },
      published: { type: "string" },
    },
  });
}
