// Which drawn paths are table rules, for both fixed-layout formats (PDF and OFD): stroked paths as drawn,
// filled rectangles thin enough to be a line (Word and WPS draw borders that way) as their centre line.
import type { Segment } from "./page-model.ts";

// Filled rectangles thinner than this (points) are drawn rules.
const THIN_RULE = 2.5;

export function ruleSegments(
  polylines: readonly (readonly [number, number])[][],
  stroked: boolean,
): Segment[] {
  const out: Segment[] = [];
  for (const poly of polylines) {
    if (stroked) {
      for (let i = 1; i < poly.length; i++) {
        const [a, b] = [poly[i - 1], poly[i]];
        if (a && b) out.push({ x1: a[0], y1: a[1], x2: b[0], y2: b[1] });
      }
      continue;
    }
    const xs = poly.map((p) => p[0]);
    const ys = poly.map((p) => p[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (maxY - minY <= THIN_RULE && maxX - minX > maxY - minY)
      out.push({ x1: minX, y1: (minY + maxY) / 2, x2: maxX, y2: (minY + maxY) / 2 });
    else if (maxX - minX <= THIN_RULE && maxY - minY > maxX - minX)
      out.push({ x1: (minX + maxX) / 2, y1: minY, x2: (minX + maxX) / 2, y2: maxY });
  }
  return out;
}
