// What the PDF reader hands to the layout analysis: positioned text runs and straight ruling segments,
// all in PDF user space (y grows upwards).

export interface TextRun {
  text: string;
  /** Left edge and baseline. */
  x: number;
  y: number;
  width: number;
  /** Font size (glyph height) in user space. */
  size: number;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PageContent {
  index: number;
  box: { x0: number; y0: number; x1: number; y1: number };
  runs: TextRun[];
  segments: Segment[];
  imageCount: number;
}

/** A word-level piece of a run: split at whitespace so positions of numbers are exact. */
export interface Token {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** One visual line: tokens sharing a baseline, left to right. */
export interface Line {
  tokens: Token[];
  y: number;
  x0: number;
  x1: number;
  size: number;
  page: number;
}
