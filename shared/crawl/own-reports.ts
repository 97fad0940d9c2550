// Which of a column's report links are the bureau's own, where a column lists other agencies' reports too.
import { namedAgency, namesBureau } from "./column-rediscovery.ts";
import type { DiscoveredReport } from "./discover.ts";

/**
 * A column whose report titles name two or more other agencies is a portal's shared column (a county's
 * column of every department's reports, which a registry may well name): only the reports whose titles
 * name this bureau, or no agency, are its own. One other name is kept, as the bureau's own old name
 * (a rename after 机构改革), unless it has a report of a year the bureau has one of too (an agency
 * publishes one report a year, so that is a neighbour, not the bureau before its rename), or one whose
 * link gives no year (a portal's sidebar link to another agency's report: nothing dates it before a rename).
 */
export function ownReports(reports: DiscoveredReport[], bureauName: string): DiscoveredReport[] {
  const others = new Map<string, Set<number | undefined>>();
  const ownYears = new Set<number>();
  for (const report of reports) {
    if (namesBureau(report.linkText, bureauName)) {
      if (report.yearHint !== undefined) ownYears.add(report.yearHint);
      continue;
    }
    const agency = namedAgency(report.linkText) ?? "";
    others.set(agency, (others.get(agency) ?? new Set()).add(report.yearHint));
  }
  const [only] = others.values();
  const oldName =
    others.size === 1 &&
    only !== undefined &&
    !only.has(undefined) &&
    ![...only].some((y) => y !== undefined && ownYears.has(y));
  return others.size === 0 || oldName ? reports : reports.filter((r) => namesBureau(r.linkText, bureauName));
}
