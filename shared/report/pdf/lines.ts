// From positioned runs to word tokens and visual lines. Digits are never split inside a run and never
// merged across a visible gap: two tokens join only when they touch (gap under a fraction of a glyph).
import type { Line, TextRun, Token } from "./page-model.ts";

const HALF_WIDTH = /[\u0020-\u007e\u00a0-\u00ff\uff61-\uff9f]/u;
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uff60\u3000-\u303f]/u;

/** Relative advance of a character when a font's own widths are unknown: half-width 0.5, full 1. */
export function charWeight(ch: string): number {
  return HALF_WIDTH.test(ch) ? 0.5 : 1;
}

/** Splits a run at whitespace; each piece gets a proportional share of the run's measured width. */
export function tokensOf(run: TextRun): Token[] {
  const chars = Array.from(run.text);
  const weights = chars.map(charWeight);
  const totalWeight = weights.reduce((a, b) => a + b, 0) || 1;
  const unit = run.width > 0 ? run.width / totalWeight : run.size;
  const tokens: Token[] = [];
  let offset = 0;
  let start = -1;
  let startOffset = 0;
  chars.forEach((ch, i) => {
    const blank = /\s/u.test(ch);
    if (!blank && start < 0) {
      start = i;
      startOffset = offset;
    }
    if (blank && start >= 0) {
      tokens.push(piece(run, chars.slice(start, i).join(""), startOffset, offset));
      start = -1;
    }
    offset += (weights[i] ?? 1) * unit;
  });
  if (start >= 0) tokens.push(piece(run, chars.slice(start).join(""), startOffset, offset));
  return tokens;
}

function piece(run: TextRun, text: string, from: number, to: number): Token {
  return { text, x: run.x + from, y: run.y, width: to - from, size: run.size };
}

/** Cuts a token at an x position (a table rule it straddles), on the nearest character boundary. */
export function splitTokenAt(token: Token, x: number): [Token, Token] | undefined {
  const chars = Array.from(token.text);
  if (chars.length < 2) return undefined;
  const weights = chars.map(charWeight);
  const unit = token.width / (weights.reduce((a, b) => a + b, 0) || 1);
  let offset = 0;
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let i = 1; i < chars.length; i++) {
    offset += (weights[i - 1] ?? 1) * unit;
    const distance = Math.abs(token.x + offset - x);
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  if (best < 0) return undefined;
  const leftWidth = weights.slice(0, best).reduce((a, b) => a + b, 0) * unit;
  return [
    { ...token, text: chars.slice(0, best).join(""), width: leftWidth },
    { ...token, text: chars.slice(best).join(""), x: token.x + leftWidth, width: token.width - leftWidth },
  ];
}

/** Gap below which two pieces are one word: a small part of a half-width glyph (≈ 0.5 × size). */
export const TOUCH_GAP = 0.12;
/** Gap above which a line holds two cells / columns rather than words of one phrase. */
export const CELL_GAP = 0.7;

function sameBaseline(a: { y: number; size: number }, b: { y: number; size: number }): boolean {
  return Math.abs(a.y - b.y) < 0.4 * Math.min(a.size, b.size);
}

/** Groups tokens into lines (top to bottom), each left to right, merging pieces that touch. */
export function buildLines(tokens: Token[], page: number): Line[] {
  const sorted = [...tokens].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: Token[][] = [];
  for (const token of sorted) {
    // Sorted by baseline, so a line's tokens are contiguous: only the newest group can match.
    const group = groups[groups.length - 1];
    if (group?.[0] && sameBaseline(group[0], token)) group.push(token);
    else groups.push([token]);
  }
  const lines = groups.map((group) => {
    group.sort((a, b) => a.x - b.x);
    const merged: Token[] = [];
    for (const token of group) {
      const last = merged[merged.length - 1];
      if (last && token.x - (last.x + last.width) < TOUCH_GAP * Math.min(last.size, token.size)) {
        merged[merged.length - 1] = {
          ...last,
          text: last.text + token.text,
          width: Math.max(last.width, token.x + token.width - last.x),
        };
      } else merged.push({ ...token });
    }
    const first = merged[0];
    const lastToken = merged[merged.length - 1];
    return {
      tokens: merged,
      y: first?.y ?? 0,
      x0: first?.x ?? 0,
      x1: lastToken ? lastToken.x + lastToken.width : 0,
      size: Math.max(...merged.map((t) => t.size)),
      page,
    } satisfies Line;
  });
  return lines.sort((a, b) => b.y - a.y || a.x0 - b.x0);
}

function endsLatin(text: string): boolean {
  return /[A-Za-z0-9.,%]$/u.test(text);
}
function startsLatin(text: string): boolean {
  return /^[A-Za-z0-9(]/u.test(text);
}

/** Joins tokens as printed: a space where there is a visible gap between them. */
export function joinTokens(tokens: Token[]): string {
  let out = "";
  let previous: Token | undefined;
  for (const token of tokens) {
    if (previous) {
      const gap = token.x - (previous.x + previous.width);
      out += gap > 0.2 * Math.min(previous.size, token.size) ? " " : "";
    }
    out += token.text;
    previous = token;
  }
  return out;
}

/** Joins wrapped lines of one paragraph or cell: no space between CJK, one between Latin words. */
export function joinWrapped(parts: string[]): string {
  let out = "";
  for (const part of parts) {
    const text = part.trim();
    if (text.length === 0) continue;
    // Numbers never hold spaces: digits wrapped inside a narrow cell ("97" / "6") are one number.
    const digits = /\d$/u.test(out) && /^\d/u.test(text);
    out += out.length > 0 && !digits && endsLatin(out) && startsLatin(text) ? ` ${text}` : text;
  }
  return out;
}

/** Whitespace tidy for the normalised text: spaces next to CJK are layout, not content ("2023 年"). */
export function tidyText(raw: string): string {
  const text = raw.replace(/\s+/gu, " ").trim();
  return text.replace(/ /gu, (space, offset: number) => {
    const before = text[offset - 1] ?? "";
    const after = text[offset + 1] ?? "";
    return CJK.test(before) || CJK.test(after) ? "" : space;
  });
}

export function isCjk(ch: string): boolean {
  return CJK.test(ch);
}
