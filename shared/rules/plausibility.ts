// Soft checks of SPEC §2.6 and Art. 50(四): regulation-implausible, accountability-missing.
import type { AgencyType } from "../domain/keys.ts";
import type { ParsedReport } from "../domain/report.ts";
import { sumValue } from "./cell-values.ts";
import type { FindingDraft } from "./finding-builder.ts";

/** Province ("xx0000") and prefecture-level city ("xxyy00") governments can make 规章; county level cannot. */
export function governmentCanMakeRegulations(regionCode: string | undefined): boolean {
  if (regionCode === undefined || !/^\d{6}$/.test(regionCode)) return true; // unknown level: do not accuse
  if (regionCode.endsWith("0000")) return true;
  return regionCode.endsWith("00") && regionCode.slice(2, 4) !== "00";
}

export function checkRegulations(
  report: ParsedReport,
  agencyType: AgencyType,
  regionCode?: string,
): FindingDraft[] {
  const cells = report.tables.proactive?.cells.regulations;
  if (!cells) return [];
  // a government's 办公厅/办公室 publishes the government's own 规章 and reports them in its table
  const governmentOffice = /人民政府办公[厅室]$/.test((report.agency ?? "").replace(/\s+/g, ""));
  if ((agencyType === "government" || governmentOffice) && governmentCanMakeRegulations(regionCode))
    return [];
  // State Council departments can make 规章; a national code is "000000" or "100000".
  if (agencyType === "department" && (regionCode === "000000" || regionCode === "100000")) return [];
  const nonZero = Object.entries(cells).filter(([, cell]) => (sumValue(cell) ?? 0) > 0);
  if (nonZero.length === 0) return [];
  const body =
    agencyType === "government" ? "县级人民政府" : agencyType === "township" ? "乡镇、街道" : "政府部门";
  const listed = nonZero.map(([column, cell]) => `${column}=${cell?.raw ?? ""}`).join("，");
  return [
    {
      rule: "regulation-implausible",
      key: "proactive.regulations",
      message: `表二“规章”行填有非零数字，但${body}无权制定规章（规章只能由国务院部门和省、设区的市、自治州人民政府制定），请核实是否误填。`,
      evidence: { table: "proactive", row: "regulations", actual: listed, agencyType, regionCode },
    },
  ];
}

const ACCOUNTABILITY_TOPICS: { name: string; pattern: RegExp }[] = [
  { name: "工作考核", pattern: /考核/ },
  { name: "社会评议", pattern: /评议/ },
  { name: "责任追究", pattern: /追究|问责/ },
];

export function checkAccountability(report: ParsedReport, agencyType: AgencyType): FindingDraft[] {
  if (agencyType !== "government") return [];
  const missing = ACCOUNTABILITY_TOPICS.filter(({ pattern }) => !pattern.test(report.text)).map(
    ({ name }) => name,
  );
  if (missing.length === 0) return [];
  return [
    {
      rule: "accountability-missing",
      key: "accountability",
      message: `人民政府年度报告应说明工作考核、社会评议和责任追究结果情况（《条例》第五十条第四项），报告未提及：${missing.join("、")}。`,
      evidence: { section: "overview", expected: "工作考核、社会评议、责任追究", actual: missing.join(",") },
    },
  ];
}
