// Cell semantics of SPEC §5.6: "/" and "—" count as 0, blank is unknown.
import type { Cell } from "../domain/report.ts";

/** The value to use in sums: undefined when unknown (missing or blank). */
export function sumValue(cell: Cell | undefined): number | undefined {
  if (cell === undefined || cell.kind === "blank") return undefined;
  if (cell.kind === "na") return 0;
  return cell.value ?? undefined;
}

/** Sum of values, or undefined when any is unknown. */
export function sumKnown(values: (number | undefined)[]): number | undefined {
  let total = 0;
  for (const value of values) {
    if (value === undefined) return undefined;
    total += value;
  }
  return roundMoney(total);
}

/** Avoid 0.1 + 0.2 artefacts in decimal cells. */
export function roundMoney(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export function formatNumber(value: number): string {
  return String(roundMoney(value));
}
