// A reader of one JavaScript data literal as a page's script writes it (objects, arrays, strings,
// numbers, true/false/null; unquoted keys, single quotes, trailing commas, comments), never run. It
// throws NotDataError where the text stops being data (a function, a variable, an expression).

/** Nesting deeper than this is not data a page draws. */
export const MAX_NESTING = 32;

/** Thrown (one instance) where the text stops being a data literal. */
class NotDataError extends Error {}
const NOT_DATA = new NotDataError("not a data literal");

export const isSpace = (c: number) =>
  c === 32 || c === 10 || c === 13 || c === 9 || c === 0xa0 || c === 0xfeff;
const isIdentifier = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", 0: "\0" };

/** A reader of one JavaScript data literal (objects, arrays, strings, numbers, true/false/null). */
export class LiteralReader {
  at: number;
  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.at = start;
  }

  private skipSpace(): void {
    const { text, end } = this;
    while (this.at < end) {
      const c = text.charCodeAt(this.at);
      if (isSpace(c)) this.at++;
      else if (c === 47 && text.charCodeAt(this.at + 1) === 47) {
        const nl = text.indexOf("\n", this.at);
        this.at = nl < 0 || nl > end ? end : nl + 1;
      } else if (c === 47 && text.charCodeAt(this.at + 1) === 42) {
        const close = text.indexOf("*/", this.at + 2);
        if (close < 0 || close > end) {
          this.at = end;
          throw NOT_DATA;
        }
        this.at = close + 2;
      } else return;
    }
  }

  private peek(): number {
    this.skipSpace();
    if (this.at >= this.end) throw NOT_DATA;
    return this.text.charCodeAt(this.at);
  }

  value(depth = 0): unknown {
    if (depth > MAX_NESTING) throw NOT_DATA;
    const c = this.peek();
    if (c === 123) return this.object(depth);
    if (c === 91) return this.array(depth);
    if (c === 34 || c === 39 || c === 96) return this.string(c);
    const word = this.word();
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null" || word === "undefined") return null;
    const number = Number(word);
    if (word !== "" && Number.isFinite(number)) return number;
    throw NOT_DATA;
  }

  private word(): string {
    const start = this.at;
    while (this.at < this.end) {
      const c = this.text.charCodeAt(this.at);
      if (!isIdentifier(c) && c !== 46 && c !== 45 && c !== 43) break;
      this.at++;
    }
    return this.text.slice(start, this.at);
  }

  private object(depth: number): Record<string, unknown> {
    this.at++;
    const result: Record<string, unknown> = {};
    for (;;) {
      let c = this.peek();
      if (c === 125) {
        this.at++;
        return result;
      }
      const key = c === 34 || c === 39 ? this.string(c) : this.word();
      if (key === "") throw NOT_DATA;
      if (this.peek() !== 58) throw NOT_DATA;
      this.at++;
      const value = this.value(depth + 1);
      if (key !== "__proto__") result[key] = value;
      c = this.peek();
      if (c === 44) this.at++;
      else if (c !== 125) throw NOT_DATA;
    }
  }

  private array(depth: number): unknown[] {
    this.at++;
    const result: unknown[] = [];
    for (;;) {
      let c = this.peek();
      if (c === 93) {
        this.at++;
        return result;
      }
      result.push(this.value(depth + 1));
      c = this.peek();
      if (c === 44) this.at++;
      else if (c !== 93) throw NOT_DATA;
    }
  }

  private string(quote: number): string {
    const { text, end } = this;
    let out = "";
    let from = ++this.at;
    while (this.at < end) {
      const c = text.charCodeAt(this.at);
      if (c === quote) {
        out += text.slice(from, this.at++);
        return out;
      }
      // A template literal with a substitution is code, not data.
      if (quote === 96 && c === 36 && text.charCodeAt(this.at + 1) === 123) throw NOT_DATA;
      if ((c === 10 || c === 13) && quote !== 96) throw NOT_DATA;
      if (c === 92) {
        out += text.slice(from, this.at);
        const next = text[this.at + 1] ?? "";
        const hex =
          next === "u"
            ? text.slice(this.at + 2, this.at + 6)
            : next === "x"
              ? text.slice(this.at + 2, this.at + 4)
              : "";
        if (hex && /^[\da-f]+$/i.test(hex) && hex.length === (next === "u" ? 4 : 2)) {
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.at += 2 + hex.length;
        } else {
          out += ESCAPES[next] ?? next;
          this.at += 2;
        }
        from = this.at;
        continue;
      }
      this.at++;
    }
    throw NOT_DATA;
  }
}

/** The data literal at `start` in `text` (read no further than `end`), or undefined where there is none. */
export function readLiteral(text: string, start: number, end = text.length): unknown {
  try {
    return new LiteralReader(text, start, end).value();
  } catch {
    return undefined;
  }
}
