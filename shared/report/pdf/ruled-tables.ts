// Tables drawn with ruling lines: the rules give the exact cell boundaries, merged cells are the
// places where an inner rule is missing. Text is assigned to cells by position, never by spacing.

import { buildLines, joinTokens, joinWrapped, splitTokenAt } from "./lines.ts";
import type { Segment, Token } from "./page-model.ts";

interface HRule {
  y: number;
  x1: number;
  x2: number;
}
interface VRule {
  x: number;
  y1: number;
  y2: number;
}

export interface RuledTable {
  /** Bounding box in user space. */
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** Column boundaries (left to right), used to recognise a table continued on the next page. */
  columnEdges: number[];
  rows: string[][];
  /** Per column, how many rows the first row's cell covers (a merged cell continued from the page before). */
  firstRowSpans: number[];
}

const TOLERANCE = 1.5;
const MAX_SEGMENTS = 6000;

/** Joins pieces of one rule (same line, touching or overlapping), as producers often draw per cell. */
function mergeCollinear<T>(items: T[], key: (t: T) => number, from: (t: T) => number, to: (t: T) => number) {
  const byKey = [...items].sort((a, b) => key(a) - key(b));
  const buckets: T[][] = [];
  for (const item of byKey) {
    const bucket = buckets[buckets.length - 1];
    if (bucket?.[0] !== undefined && Math.abs(key(item) - key(bucket[0])) <= 1) bucket.push(item);
    else buckets.push([item]);
  }
  const out: { at: number; from: number; to: number }[] = [];
  for (const bucket of buckets) {
    const merged: { at: number; from: number; to: number }[] = [];
    for (const item of bucket.sort((a, b) => from(a) - from(b))) {
      const last = merged[merged.length - 1];
      if (last && from(item) <= last.to + TOLERANCE) last.to = Math.max(last.to, to(item));
      else merged.push({ at: key(item), from: from(item), to: to(item) });
    }
    out.push(...merged);
  }
  return out;
}

function cluster(values: number[], tolerance: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const groups: number[][] = [];
  for (const v of sorted) {
    const group = groups[groups.length - 1];
    if (group && v - (group[group.length - 1] ?? v) <= tolerance) group.push(v);
    else groups.push([v]);
  }
  return groups.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

class UnionFind {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] ?? root;
    this.parent[i] = root;
    return root;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

function rulesOf(segments: Segment[]): { hs: HRule[]; vs: VRule[] } {
  const h: HRule[] = [];
  const v: VRule[] = [];
  for (const s of segments.slice(0, MAX_SEGMENTS)) {
    if (Math.abs(s.y1 - s.y2) < 1 && Math.abs(s.x2 - s.x1) > 3)
      h.push({ y: (s.y1 + s.y2) / 2, x1: Math.min(s.x1, s.x2), x2: Math.max(s.x1, s.x2) });
    else if (Math.abs(s.x1 - s.x2) < 1 && Math.abs(s.y2 - s.y1) > 3)
      v.push({ x: (s.x1 + s.x2) / 2, y1: Math.min(s.y1, s.y2), y2: Math.max(s.y1, s.y2) });
  }
  const hs = mergeCollinear(
    h,
    (r) => r.y,
    (r) => r.x1,
    (r) => r.x2,
  ).map((r) => ({ y: r.at, x1: r.from, x2: r.to }));
  const vs = mergeCollinear(
    v,
    (r) => r.x,
    (r) => r.y1,
    (r) => r.y2,
  ).map((r) => ({ x: r.at, y1: r.from, y2: r.to }));
  return { hs, vs };
}

function crosses(h: HRule, v: VRule): boolean {
  return (
    v.x >= h.x1 - TOLERANCE && v.x <= h.x2 + TOLERANCE && h.y >= v.y1 - TOLERANCE && h.y <= v.y2 + TOLERANCE
  );
}

/** Finds ruled tables on a page and consumes the tokens inside them. */
export function findRuledTables(
  segments: Segment[],
  tokens: Token[],
): { tables: RuledTable[]; rest: Token[] } {
  const { hs, vs } = rulesOf(segments);
  const groups = new UnionFind(hs.length + vs.length);
  hs.forEach((h, i) => {
    vs.forEach((v, j) => {
      if (crosses(h, v)) groups.union(i, hs.length + j);
    });
  });
  const components = new Map<number, { hs: HRule[]; vs: VRule[] }>();
  hs.forEach((h, i) => {
    const c = components.get(groups.find(i)) ?? { hs: [], vs: [] };
    c.hs.push(h);
    components.set(groups.find(i), c);
  });
  vs.forEach((v, j) => {
    const c = components.get(groups.find(hs.length + j)) ?? { hs: [], vs: [] };
    c.vs.push(v);
    components.set(groups.find(hs.length + j), c);
  });
  let rest = tokens;
  const tables: RuledTable[] = [];
  for (const component of components.values()) {
    const xs = cluster(
      component.vs.map((v) => v.x),
      2,
    );
    const ys = cluster(
      component.hs.map((h) => h.y),
      2,
    ).reverse();
    if (xs.length < 3 || ys.length < 2) continue;
    const table = buildGrid(component, xs, ys, rest);
    if (!table) continue;
    tables.push(table.table);
    rest = table.rest;
  }
  return { tables: tables.sort((a, b) => b.top - a.top), rest };
}

function buildGrid(component: { hs: HRule[]; vs: VRule[] }, xs: number[], ys: number[], tokens: Token[]) {
  const left = xs[0] ?? 0;
  const right = xs[xs.length - 1] ?? 0;
  const top = ys[0] ?? 0;
  const bottom = ys[ys.length - 1] ?? 0;
  const rowCount = ys.length - 1;
  const colCount = xs.length - 1;
  const hasV = (x: number, yLow: number, yHigh: number) =>
    component.vs.some((v) => Math.abs(v.x - x) <= 2 && v.y1 <= yLow + TOLERANCE && v.y2 >= yHigh - TOLERANCE);
  const hasH = (y: number, xLow: number, xHigh: number) =>
    component.hs.some((h) => Math.abs(h.y - y) <= 2 && h.x1 <= xLow + TOLERANCE && h.x2 >= xHigh - TOLERANCE);
  const slots = new UnionFind(rowCount * colCount);
  const at = (r: number, c: number) => r * colCount + c;
  for (let r = 0; r < rowCount; r++) {
    const yHigh = ys[r] ?? 0;
    const yLow = ys[r + 1] ?? 0;
    for (let c = 0; c < colCount; c++) {
      const xLow = xs[c] ?? 0;
      const xHigh = xs[c + 1] ?? 0;
      if (c + 1 < colCount && !hasV(xHigh, yLow, yHigh)) slots.union(at(r, c), at(r, c + 1));
      if (r + 1 < rowCount && !hasH(yLow, xLow, xHigh)) slots.union(at(r, c), at(r + 1, c));
    }
  }
  const inside: Token[] = [];
  const rest: Token[] = [];
  for (const token of tokens) {
    const cx = token.x + token.width / 2;
    const cy = token.y + token.size * 0.3;
    if (cx > left && cx < right && cy < top && cy > bottom) inside.push(token);
    else rest.push(token);
  }
  const cellTokens = new Map<number, Token[]>();
  const place = (token: Token, depth: number): void => {
    const cy = token.y + token.size * 0.3;
    const row = ys.findIndex((y, i) => i > 0 && cy > y) - 1;
    if (row < 0) return;
    // A run drawn across an inner rule (some producers emit a whole table row as one string) is cut there.
    const cut = xs.find(
      (x, i) =>
        i > 0 &&
        i < xs.length - 1 &&
        token.x < x - 1 &&
        token.x + token.width > x + 1 &&
        hasV(x, ys[row + 1] ?? 0, ys[row] ?? 0),
    );
    const halves = cut !== undefined && depth < 64 ? splitTokenAt(token, cut) : undefined;
    if (halves) {
      for (const half of halves) place(half, depth + 1);
      return;
    }
    const cx = token.x + token.width / 2;
    const col = Math.max(0, Math.min(colCount - 1, xs.findIndex((x) => cx < x) - 1));
    const key = slots.find(at(row, col));
    const list = cellTokens.get(key) ?? [];
    list.push(token);
    cellTokens.set(key, list);
  };
  for (const token of inside) place(token, 0);
  const texts = new Map<number, string>();
  for (const [key, list] of cellTokens)
    texts.set(key, joinWrapped(buildLines(list, 0).map((line) => joinTokens(line.tokens))));
  const rows: string[][] = [];
  const regions: number[][] = [];
  for (let r = 0; r < rowCount; r++) {
    const row = Array.from({ length: colCount }, (_, c) => texts.get(slots.find(at(r, c))) ?? "");
    // Rows a few points high are double rules, not rows.
    if (row.every((cell) => cell === "") && (ys[r] ?? 0) - (ys[r + 1] ?? 0) < 4) continue;
    rows.push(row);
    regions.push(Array.from({ length: colCount }, (_, c) => slots.find(at(r, c))));
  }
  const narrow = Array.from({ length: colCount }, (_, c) => (xs[c + 1] ?? 0) - (xs[c] ?? 0) < 4);
  const keep = narrow.map((isNarrow, c) => !isNarrow || rows.some((row) => row[c] !== ""));
  const grid = rows.map((row) => row.filter((_, c) => keep[c]));
  if (grid.length === 0 || (grid[0]?.length ?? 0) < 2) return undefined;
  const kept = regions.map((ids) => ids.filter((_, c) => keep[c]));
  const firstRowSpans = (kept[0] ?? []).map((id, c) => kept.filter((ids) => ids[c] === id).length);
  return { table: { top, bottom, left, right, columnEdges: xs, rows: grid, firstRowSpans }, rest };
}
