// A report printed as pictures: scanned pages in a PDF, or a page of one image per printed page (SPEC
// §5.3 "（图片版）"). Checked as if it were text, it would lack every section; the tables cannot be read
// without OCR (a separate step), so it is checked for its dates only and said to be unreadable
// (DESIGN §7: an image-only report is table-not-extractable, not "missing").
import type { Block } from "../domain/report.ts";
import { lettersAndDigits } from "../text/letters.ts";

/**
 * More letters and digits than this beside the title is text of its own: a report's first section
 * alone has several hundred, while a page of images shows only its title, date and source.
 */
const MAX_CAPTION_CHARS = 200;
/** With a picture per printed page (three or more), a short introduction in text besides. */
const MAX_INTRO_CHARS = 800;
const PAGES_OF_PICTURES = 3;

/**
 * At most this many letters and digits in all: the document shows no headline of its own (only the
 * site's name, a date), so the listing link that led to it may name it.
 */
const MAX_UNTITLED_CHARS = 60;

export function showsNoHeadline(text: string): boolean {
  return (
    lettersAndDigits(text.slice(0, 20 * MAX_UNTITLED_CHARS), MAX_UNTITLED_CHARS + 1) <= MAX_UNTITLED_CHARS
  );
}

/**
 * Whether the document's body is pictures: it has images, no section and no readable table, and beside
 * its title next to no text.
 */
export function printedAsImages(
  blocks: readonly Block[],
  text: string,
  title: string | undefined,
  hasSectionOrTable: boolean,
): boolean {
  if (hasSectionOrTable) return false;
  let pictures = 0;
  for (const block of blocks) if (block.kind === "image" && ++pictures >= PAGES_OF_PICTURES) break;
  if (pictures === 0) return false;
  const limit = pictures >= PAGES_OF_PICTURES ? MAX_INTRO_CHARS : MAX_CAPTION_CHARS;
  const beside = title ? text.replaceAll(title, "") : text;
  return lettersAndDigits(beside.slice(0, 20 * limit), limit + 1) <= limit;
}
