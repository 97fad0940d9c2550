// One OFD page (or template page) content: its text objects, paths and images, turned into what the PDF
// reader hands to the layout analysis (pdf/page-model.ts), so both formats share tables and reading order.
// OFD measures in millimetres from the top-left corner; the layout analysis works in points from the
// bottom-left, as PDF does.
import { Parser } from "htmlparser2";
import { apply, IDENTITY, type Matrix, multiply } from "../affine.ts";
import { charWeight } from "../pdf/lines.ts";
import type { Segment, TextRun } from "../pdf/page-model.ts";
import { ruleSegments } from "../pdf/rule-segments.ts";

/** Millimetres to points. */
export const MM = 72 / 25.4;

export interface PageBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OfdContent {
  runs: TextRun[];
  segments: Segment[];
  imageCount: number;
  /**
   * The composite objects placed on it (a CompositeGraphicUnit of the resources, drawn where the object
   * says): read by the caller, which has the resources, with `placement` as their `outer` transform.
   */
  composites: { resourceId: string; placement: Matrix }[];
}

/** "x y w h" (or "a b c d e f"): numbers, or undefined when the attribute is absent or malformed. */
export function numbers(value: string | undefined, count: number): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = value
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  return parts.length >= count && parts.slice(0, count).every(Number.isFinite)
    ? parts.slice(0, count)
    : undefined;
}

/** A DeltaX/DeltaY list, with its "g N d" shorthand (N times d) expanded, capped at `max` values. */
export function deltas(value: string | undefined, max: number): number[] {
  if (!value) return [];
  const tokens = value.trim().split(/\s+/);
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < max; i++) {
    if (tokens[i] === "g") {
      const times = Math.min(Number(tokens[i + 1]), max - out.length);
      const step = Number(tokens[i + 2]);
      if (Number.isFinite(times) && Number.isFinite(step)) for (let k = 0; k < times; k++) out.push(step);
      i += 2;
    } else {
      const step = Number(tokens[i]);
      if (Number.isFinite(step)) out.push(step);
    }
  }
  return out;
}

interface ObjectFrame {
  kind: "text" | "path";
  origin: [number, number];
  ctm: Matrix;
  size: number;
  stroke: boolean;
  fill: boolean;
  path: string;
  /** Where the next TextCode without X/Y continues. */
  pen: [number, number];
}

interface CodeFrame {
  x?: number;
  y?: number;
  deltaX: string | undefined;
  deltaY: string | undefined;
  text: string;
}

const MAX_GLYPHS_PER_CODE = 10_000;

const localName = (name: string) => name.slice(name.indexOf(":") + 1);

/**
 * Reads one content file (or a composite unit's content, placed on the page by `outer`). Never throws:
 * unknown or malformed parts are skipped.
 */
export function readOfdContent(
  xml: string,
  box: PageBox,
  limits: { maxRuns: number },
  outer: Matrix = IDENTITY,
): OfdContent {
  const content: OfdContent = { runs: [], segments: [], imageCount: 0, composites: [] };
  const [oa, ob, oc, od] = outer;
  const outerScale = Math.hypot(oc, od) || 1;
  const toPdf = (ux: number, uy: number): [number, number] => {
    const [x, y] = apply(outer, ux, uy);
    return [(x - box.x) * MM, (box.height - (y - box.y)) * MM];
  };
  let object: ObjectFrame | undefined;
  let code: CodeFrame | undefined;
  let inPathData = false;
  let clipDepth = 0;

  const place = (frame: ObjectFrame, x: number, y: number): [number, number] => {
    const [ux, uy] = apply(frame.ctm, x, y);
    return toPdf(frame.origin[0] + ux, frame.origin[1] + uy);
  };

  const emitCode = (frame: ObjectFrame, current: CodeFrame) => {
    const chars = Array.from(current.text);
    if (chars.length === 0) return;
    const x0 = current.x ?? frame.pen[0];
    const y0 = current.y ?? frame.pen[1];
    const dx = deltas(current.deltaX, Math.min(chars.length, MAX_GLYPHS_PER_CODE));
    const dy = deltas(current.deltaY, Math.min(chars.length, MAX_GLYPHS_PER_CODE));
    const [a, b, c, d] = frame.ctm;
    const scaleX = (Math.hypot(a, b) || 1) * (Math.hypot(oa, ob) || 1);
    const size = frame.size * (Math.hypot(c, d) || 1) * outerScale * MM;
    let x = x0;
    let y = y0;
    let run: { text: string; start: [number, number]; end: number } | undefined;
    const flush = () => {
      if (run && run.text.trim().length > 0 && content.runs.length < limits.maxRuns)
        content.runs.push({
          text: run.text,
          x: run.start[0],
          y: run.start[1],
          width: Math.max(0, run.end - run.start[0]),
          size,
        });
      run = undefined;
    };
    chars.slice(0, MAX_GLYPHS_PER_CODE).forEach((ch, i) => {
      const [px, py] = place(frame, x, y);
      const advance = frame.size * charWeight(ch);
      // A run is glyphs set at their natural advance on one baseline; a wider step is a visible gap.
      if (run && Math.abs(py - run.start[1]) > size * 0.2) flush();
      if (!run) run = { text: "", start: [px, py], end: px };
      run.text += ch;
      run.end = px + advance * scaleX * MM;
      // Vertical text gives DeltaY alone: the pen then does not move across.
      const stepX = dx[i] ?? (dy.length > 0 ? 0 : advance);
      const stepY = dy[i] ?? 0;
      if (stepX > advance + frame.size * 0.5 || stepY !== 0) flush();
      x += stepX;
      y += stepY;
    });
    flush();
    frame.pen = [x, y];
  };

  const emitPath = (frame: ObjectFrame) => {
    const tokens = frame.path.trim().split(/\s+/);
    const polys: [number, number][][] = [];
    let current: [number, number][] = [];
    const startNew = (point: [number, number]) => {
      if (current.length > 1) polys.push(current);
      current = [point];
    };
    const arg = (i: number) => Number(tokens[i]);
    for (let i = 0; i < tokens.length && polys.length < 10_000; ) {
      const op = tokens[i++];
      const take =
        op === "S" || op === "M" || op === "L" ? 2 : op === "Q" ? 4 : op === "B" ? 6 : op === "A" ? 7 : 0;
      if (op !== "C" && take === 0) continue; // a stray number or an unknown operator
      const point: [number, number] = [arg(i + take - 2), arg(i + take - 1)];
      i += take;
      if (op === "C") {
        if (current[0]) current.push(current[0]);
        startNew(current[current.length - 1] ?? [0, 0]);
        continue;
      }
      if (!point.every(Number.isFinite)) continue;
      const placed = place(frame, point[0], point[1]);
      // Curves are not rules: their end point starts a new straight piece.
      if (op === "L") current.push(placed);
      else startNew(placed);
    }
    if (current.length > 1) polys.push(current);
    if (frame.stroke || frame.fill) content.segments.push(...ruleSegments(polys, frame.stroke));
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const tag = localName(name);
        if (tag === "Clips") clipDepth++;
        if (clipDepth > 0) return;
        if (tag === "TextObject" || tag === "PathObject") {
          const [bx = 0, by = 0] = numbers(attributes.Boundary, 4) ?? [];
          object = {
            kind: tag === "TextObject" ? "text" : "path",
            origin: [bx, by],
            ctm: (numbers(attributes.CTM, 6) as Matrix | undefined) ?? IDENTITY,
            size: numbers(attributes.Size, 1)?.[0] ?? 3.5,
            stroke: attributes.Stroke !== "false",
            fill: attributes.Fill === "true",
            path: "",
            pen: [0, 0],
          };
        } else if (tag === "TextCode" && object?.kind === "text") {
          const x = numbers(attributes.X, 1)?.[0];
          const y = numbers(attributes.Y, 1)?.[0];
          code = {
            ...(x === undefined ? {} : { x }),
            ...(y === undefined ? {} : { y }),
            deltaX: attributes.DeltaX,
            deltaY: attributes.DeltaY,
            text: "",
          };
        } else if (tag === "AbbreviatedData" && object?.kind === "path") inPathData = true;
        else if (tag === "ImageObject") content.imageCount++;
        else if (tag === "CompositeObject" && !object && attributes.ResourceID) {
          // Drawn at its Boundary's origin, under its own CTM, inside whatever places this content.
          const [bx = 0, by = 0] = numbers(attributes.Boundary, 4) ?? [];
          const [a, b, c, d, e, f] = (numbers(attributes.CTM, 6) as Matrix | undefined) ?? IDENTITY;
          content.composites.push({
            resourceId: attributes.ResourceID,
            placement: multiply([a, b, c, d, e + bx, f + by], outer),
          });
        }
      },
      ontext(text) {
        if (clipDepth > 0) return;
        if (code) code.text += text;
        else if (inPathData && object && object.path.length < 1_000_000) object.path += text;
      },
      onclosetag(name) {
        const tag = localName(name);
        if (tag === "Clips") clipDepth = Math.max(0, clipDepth - 1);
        if (clipDepth > 0) return;
        if (tag === "TextCode" && object && code) {
          emitCode(object, code);
          code = undefined;
        } else if (tag === "AbbreviatedData") inPathData = false;
        else if (tag === "TextObject" || tag === "PathObject") {
          if (object?.kind === "path") emitPath(object);
          object = undefined;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return content;
}
