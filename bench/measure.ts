// Ratios, not absolute times: these machines are shared and noisy, so every figure is ours ÷ a baseline
// measured in the same process, rounds interleaved so drift hits both sides alike.
import { performance } from "node:perf_hooks";

export interface Ratio {
  name: string;
  baseline: string;
  rounds: number;
  /** Median over rounds of (ours ÷ baseline). */
  ratio: number;
  oursMs: number;
  baselineMs: number;
}

export async function compare(
  name: string,
  baseline: string,
  rounds: number,
  runBaseline: () => unknown,
  runOurs: () => unknown,
): Promise<Ratio> {
  await runBaseline();
  await runOurs();
  const ratios: number[] = [];
  let oursTotal = 0;
  let baseTotal = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await runBaseline();
    const t1 = performance.now();
    await runOurs();
    const t2 = performance.now();
    baseTotal += t1 - t0;
    oursTotal += t2 - t1;
    ratios.push((t2 - t1) / Math.max(1e-6, t1 - t0));
  }
  ratios.sort((a, b) => a - b);
  return {
    name,
    baseline,
    rounds,
    ratio: ratios[Math.floor(ratios.length / 2)] ?? Number.NaN,
    oursMs: oursTotal / rounds,
    baselineMs: baseTotal / rounds,
  };
}

export function printRatio(r: Ratio, budget?: number): void {
  const verdict =
    budget === undefined
      ? ""
      : r.ratio <= budget
        ? `  (budget ≤ ${budget}×: met)`
        : `  (budget ≤ ${budget}×: MISSED)`;
  console.log(
    `${r.name}: ${r.ratio.toFixed(2)}× ${r.baseline}${verdict}\n    median of ${r.rounds} interleaved rounds; per round ${r.oursMs.toFixed(1)} ms vs ${r.baselineMs.toFixed(1)} ms (absolute times are noise here)`,
  );
}
