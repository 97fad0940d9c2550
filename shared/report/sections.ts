// Split a report into the six sections of SPEC §7 (normalised blocks in, section records out).
// Only level-1 numbering opens a section; level-2 look-alikes inside 总体情况 stay in its body.
import { SECTION_KEYS, type SectionKey } from "../domain/keys.ts";
import type { Block, SectionInfo } from "../domain/report.ts";
import {
  type HeadingCandidate,
  levelOneCandidate,
  matchSectionKey,
  unnumberedCandidate,
} from "./headings.ts";

export interface SectionSplit {
  sections: Record<SectionKey, SectionInfo | null>;
  /** Table grids found in each section's body, in order. */
  tables: Record<SectionKey, string[][][]>;
  /** Grids outside any section (before the first heading or under an unrelated one). */
  looseTables: string[][][];
  /** The intro's "本报告由…组成" list, as printed. */
  introParts?: string[];
  /** Every accepted level-1 heading, in order (SectionInfo.index points into this list). */
  levelOneHeadings: string[];
}

type Item = { kind: "text"; line: string } | { kind: "table"; rows: string[][] } | { kind: "image" };

interface Heading {
  item: number;
  line: string;
  candidate: HeadingCandidate;
  key: SectionKey | null;
}

const MAX_ITEMS = 50_000;

function flatten(blocks: Block[]): Item[] {
  const items: Item[] = [];
  for (const b of blocks) {
    if (items.length >= MAX_ITEMS) break;
    if (b.kind === "text") {
      for (const line of String(b.text ?? "").split("\n")) {
        if (line.trim() !== "") items.push({ kind: "text", line: line.trim() });
      }
    } else if (b.kind === "table") {
      items.push({ kind: "table", rows: Array.isArray(b.rows) ? b.rows : [] });
    } else {
      items.push({ kind: "image" });
    }
  }
  return items;
}

/**
 * Drop an unnamed candidate when a section heading carries the same number: in a table flattened to one
 * cell per line, "四、结转下年度继续办理" precedes the real "四、政府信息公开行政复议…".
 */
function preferNamed(list: Heading[]): Heading[] {
  const named = new Set(list.filter((h) => h.key !== null).map((h) => h.candidate.number));
  return list.filter((h) => h.key !== null || !named.has(h.candidate.number));
}

// A section name proper ends like one; a restarted list item ("一、主动公开不够及时") does not.
const SECTION_NAME_TAIL = /(情况|事项|措施|概述|打算)$/;

/**
 * Keep headings whose numbers strictly increase, so a restarted sub-list ("一、…" inside 五) is body
 * text; a section name printed out of order still counts, so the order check can see it.
 */
function increasing(list: Heading[]): Heading[] {
  const out: Heading[] = [];
  const seen = new Set<SectionKey>();
  let last = 0;
  for (const h of list) {
    const outOfOrderSection = h.key !== null && !seen.has(h.key) && SECTION_NAME_TAIL.test(h.candidate.title);
    if (h.candidate.number > last || outOfOrderSection) {
      out.push(h);
      last = Math.max(last, h.candidate.number);
      if (h.key) seen.add(h.key);
    }
  }
  return out;
}

function countKeys(list: Heading[]): number {
  return new Set(list.map((h) => h.key).filter((k) => k !== null)).size;
}

function chooseHeadings(items: Item[]): Heading[] {
  const cn: Heading[] = [];
  const arabic: Heading[] = [];
  const bare: Heading[] = [];
  items.forEach((it, i) => {
    if (it.kind !== "text") return;
    const c = levelOneCandidate(it.line);
    if (c) {
      const h = { item: i, line: it.line, candidate: c, key: matchSectionKey(c.title) };
      // Arabic numbering is also used for list items; only section-like ones can be headings
      if (c.numbering === "arabic") {
        if (h.key) arabic.push(h);
      } else cn.push(h);
      return;
    }
    const u = unnumberedCandidate(it.line);
    if (u) bare.push({ item: i, line: it.line, candidate: u, key: matchSectionKey(u.title) });
  });
  const cnAccepted = increasing(preferNamed(cn));
  if (countKeys(cnAccepted) >= 2) return cnAccepted;
  const arabicAccepted = increasing(arabic);
  if (countKeys(arabicAccepted) >= 2) return arabicAccepted;
  if (countKeys(cnAccepted) > 0) return cnAccepted;
  if (countKeys(bare) >= 2) return dedupeBare(bare);
  return cnAccepted.length > 0 ? cnAccepted : arabicAccepted;
}

function dedupeBare(list: Heading[]): Heading[] {
  const seen = new Set<SectionKey | null>();
  return list.filter((h) => {
    if (seen.has(h.key)) return false;
    seen.add(h.key);
    return true;
  });
}

/** Lines that are a flattened table row: several numbers separated by "|" or wide spaces. */
function looksLikeTableRow(line: string): boolean {
  if (/\|/.test(line) && /\d/.test(line)) return true;
  const numbers = line.match(/(?:^|[\s|])\d+(?:\.\d+)?(?=$|[\s|])/g);
  return (numbers?.length ?? 0) >= 3;
}

function emptyRecord<T>(make: () => T): Record<SectionKey, T> {
  return Object.fromEntries(SECTION_KEYS.map((k) => [k, make()])) as Record<SectionKey, T>;
}

export function findSections(blocks: Block[]): SectionSplit {
  const items = flatten(Array.isArray(blocks) ? blocks : []);
  const headings = chooseHeadings(items);
  const sections = emptyRecord<SectionInfo | null>(() => null);
  const tables = emptyRecord<string[][][]>(() => []);
  const looseTables: string[][][] = [];
  const owner: (SectionKey | null)[] = new Array(items.length).fill(null);

  headings.forEach((h, index) => {
    const end = headings[index + 1]?.item ?? items.length;
    if (!h.key || sections[h.key]) return;
    const key = h.key;
    const body: string[] = [];
    let hasTable = false;
    let hasImage = false;
    for (let i = h.item + 1; i < end; i++) {
      const it = items[i];
      if (!it) continue;
      owner[i] = key;
      if (it.kind === "table") {
        hasTable = true;
        tables[key].push(it.rows);
      } else if (it.kind === "image") hasImage = true;
      else {
        body.push(it.line);
        if (looksLikeTableRow(it.line)) hasTable = true;
      }
    }
    sections[key] = { heading: h.line, index, text: body.join("\n").trim(), hasTable, hasImage };
  });
  items.forEach((it, i) => {
    if (it.kind === "table" && owner[i] === null) looseTables.push(it.rows);
  });

  const introParts = findIntroParts(
    items.flatMap((it) => (it.kind === "text" ? [it.line] : [])).slice(0, 60),
  );
  return {
    sections,
    tables,
    looseTables,
    ...(introParts ? { introParts } : {}),
    levelOneHeadings: headings.map((h) => h.line),
  };
}

const INTRO_RE =
  /(?:本报告|本年度报告|全文|报告)(?:内容)?(?:由|包括|分为|包含|共分为?)[:：]?(.{2,400}?)(?:共|等)?\s*[一二三四五六七八九十\d]{1,2}\s*个?(?:部分|方面)/;

/** "本报告由概述、主动公开…、其他事项共六个部分组成" → the listed parts (SPEC §2.8, seed 004). */
export function findIntroParts(lines: string[]): string[] | undefined {
  const text = lines.join("").slice(0, 20_000);
  const m = INTRO_RE.exec(text);
  const list = m?.[1];
  if (!list) return undefined;
  const parts = splitTopLevel(list);
  return parts.length >= 2 ? parts : undefined;
}

/** Split on commas when the list has them (items may contain "、"), else on "、"; never inside brackets. */
function splitTopLevel(list: string): string[] {
  let depth = 0;
  const hasTopComma = [...list].some((c) => {
    if ("(（〈《".includes(c)) depth++;
    else if (")）〉》".includes(c)) depth = Math.max(0, depth - 1);
    return depth === 0 && (c === "，" || c === ",");
  });
  const separators = hasTopComma ? "，," : "、，,";
  const parts: string[] = [];
  let current = "";
  depth = 0;
  for (const c of list) {
    if ("(（〈《".includes(c)) depth++;
    else if (")）〉》".includes(c)) depth = Math.max(0, depth - 1);
    if (depth === 0 && separators.includes(c)) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts
    .map((p) =>
      p
        .replace(/^(?:和|及|以及)/, "")
        .replace(/(?:等|共)$/, "")
        .trim(),
    )
    .filter((p) => p !== "");
}
