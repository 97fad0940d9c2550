// Normalise an extracted document's blocks before any matching (SPEC §7 "Normalise first", §5.5):
// one pass of the text normaliser over all lines, garbled and boilerplate lines dropped, spam prefix cut.
import type { Block, EncodingDamage } from "../domain/report.ts";
import { dropSpamPrefix, isBoilerplateLine } from "../text/boilerplate.ts";
import { isGarbledLine, normaliseLines } from "../text/normalise.ts";

const MAX_BLOCKS = 50_000;
const MAX_CELLS = 200_000;

export interface NormalisedBlocks {
  blocks: Block[];
  damage: EncodingDamage[];
}

type Line = { raw: string; index: number };

/** Text blocks split into lines (a block may hold a paragraph with breaks); other blocks kept in place. */
function explode(blocks: Block[]): { items: (Line | Block)[]; lines: Line[] } {
  const items: (Line | Block)[] = [];
  const lines: Line[] = [];
  for (const b of blocks.slice(0, MAX_BLOCKS)) {
    if (!b || typeof b !== "object") continue;
    if (b.kind === "text") {
      const source = typeof b.text === "string" && b.text !== "" ? b.text : String(b.raw ?? "");
      for (const raw of source.split(/\r\n|\r|\n/)) {
        if (raw.trim() === "") continue;
        const line = { raw, index: lines.length };
        lines.push(line);
        items.push(line);
      }
    } else items.push(b);
  }
  return { items, lines };
}

function normaliseCells(tables: Extract<Block, { kind: "table" }>[]): {
  grids: string[][][];
  damage: EncodingDamage[];
} {
  const flat: string[] = [];
  for (const t of tables) {
    for (const row of Array.isArray(t.rows) ? t.rows : []) {
      for (const cell of Array.isArray(row) ? row : []) {
        if (flat.length >= MAX_CELLS) break;
        const text = String(cell ?? "");
        flat.push(text.includes("\n") || text.includes("\r") ? text.replace(/[\r\n]+/g, " ") : text);
      }
    }
  }
  const result = normaliseLines(flat);
  const normalised = result.lines;
  let k = 0;
  const grids = tables.map((t) =>
    (Array.isArray(t.rows) ? t.rows : []).map((row) =>
      (Array.isArray(row) ? row : []).map(() => (k < flat.length ? (normalised[k++] ?? "") : "")),
    ),
  );
  return { grids, damage: result.damage };
}

export function normaliseBlocks(blocks: Block[]): NormalisedBlocks {
  const { items, lines } = explode(Array.isArray(blocks) ? blocks : []);
  const { lines: normalised, damage } = normaliseLines(lines.map((l) => l.raw));

  // which lines survive: not garbled, not page furniture, not part of an injected spam header
  const keep = lines.map((l, i) => !isGarbledLine(l.raw) && !isBoilerplateLine(normalised[i] ?? ""));
  const kept = lines.filter((_, i) => keep[i]);
  const afterSpam = dropSpamPrefix(kept.map((l) => normalised[l.index] ?? ""));
  const dropped = Math.max(0, kept.length - afterSpam.length);
  for (const l of kept.slice(0, dropped)) keep[l.index] = false;

  const tables = items.filter(
    (it): it is Extract<Block, { kind: "table" }> => "kind" in it && it.kind === "table",
  );
  const cells = normaliseCells(tables);
  let t = 0;
  const out: Block[] = [];
  for (const it of items) {
    if ("kind" in it) {
      if (it.kind === "table") {
        const rows = cells.grids[t++] ?? [];
        out.push({ kind: "table", rows, source: it.source });
      } else out.push(it);
      continue;
    }
    if (!keep[it.index]) continue;
    const line = normalised[it.index] ?? "";
    if (line.trim() !== "") out.push({ kind: "text", text: line.trim(), raw: it.raw });
  }
  return { blocks: out, damage: [...damage, ...cells.damage] };
}
