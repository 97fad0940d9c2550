// How much a text says: its letters and digits (any script), counted up to a limit.
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;

/** The letters and digits of `text`, counting stops once `atMost` is reached. */
export function lettersAndDigits(text: string, atMost = Number.POSITIVE_INFINITY): number {
  let count = 0;
  for (const _ of text.matchAll(LETTER_OR_DIGIT)) if (++count >= atMost) break;
  return count;
}
