// Page numbers and running headers/footers are layout, not content: drop them before reading the text.

import { joinTokens } from "./lines.ts";
import type { Line, PageContent } from "./page-model.ts";

const PAGE_NUMBER =
  /^[-—–－·•\s]*(?:第\s*)?[0-9０-９]{1,4}\s*页?(?:\s*(?:[/／]|共)\s*[0-9０-９]{1,4}\s*页?)?[-—–－·•\s]*$/u;
const PAGE_NUMBER_WORDS =
  /^(?:第\s*[0-9]{1,4}\s*页\s*共\s*[0-9]{1,4}\s*页|共\s*[0-9]{1,4}\s*页\s*第\s*[0-9]{1,4}\s*页)$/u;
const BAND = 0.1;

function inBand(line: Line, page: PageContent): boolean {
  const height = page.box.y1 - page.box.y0;
  return line.y > page.box.y1 - BAND * height || line.y < page.box.y0 + BAND * height;
}

function furnitureKey(line: Line): string {
  return joinTokens(line.tokens)
    .replace(/[0-9０-９]+/gu, "#")
    .replace(/\s+/gu, "");
}

export function isPageNumber(text: string): boolean {
  const compact = text.trim();
  return (
    compact.length > 0 &&
    compact.length <= 20 &&
    (PAGE_NUMBER.test(compact) || PAGE_NUMBER_WORDS.test(compact))
  );
}

/** Returns, per page, the lines that are content (page numbers and repeated header/footer lines removed). */
export function removeFurniture(pages: PageContent[], linesByPage: Line[][]): Line[][] {
  const pagesWithKey = new Map<string, Set<number>>();
  linesByPage.forEach((lines, p) => {
    const page = pages[p];
    if (!page) return;
    for (const line of lines) {
      if (!inBand(line, page)) continue;
      const key = furnitureKey(line);
      const set = pagesWithKey.get(key) ?? new Set<number>();
      set.add(p);
      pagesWithKey.set(key, set);
    }
  });
  const repeated = new Set(
    [...pagesWithKey]
      .filter(([, set]) => set.size >= 2 && set.size >= 0.5 * pages.length)
      .map(([key]) => key),
  );
  return linesByPage.map((lines, p) => {
    const page = pages[p];
    if (!page) return lines;
    return lines.filter((line) => {
      if (!inBand(line, page)) return true;
      return !isPageNumber(joinTokens(line.tokens)) && !repeated.has(furnitureKey(line));
    });
  });
}
