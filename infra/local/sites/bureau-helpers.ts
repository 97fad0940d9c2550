// Shared helpers for the sample bureau declarations (bureaus.ts, bureaus-more.ts).
import { DEFAULT_ROBOTS, type DocSpec } from "./site-spec.ts";

export function report(
  year: number,
  id: number,
  publishedAt: string | null,
  extra: Partial<DocSpec> = {},
): DocSpec {
  return { role: "report", year, id, publishedAt, ...extra };
}
export function noise(
  role: DocSpec["role"],
  year: number,
  id: number,
  publishedAt: string,
  title: string,
): DocSpec {
  return { role, year, id, publishedAt, title };
}

export const COMMON = { robots: DEFAULT_ROBOTS, canMakeRegulations: false, pageSize: 10 } as const;
