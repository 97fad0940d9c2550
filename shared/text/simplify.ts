// Traditional → simplified (SPEC §5.5.7). One converter for the whole process: building it loads the
// dictionaries, which costs far more than converting a report.
import * as OpenCC from "opencc-js/t2cn";

// "t" (OpenCC standard traditional): "tw" would also turn a mainland "显著" into "显着". Not "twp": its
// phrase swaps (文件 → 文档 …) are exactly the artefacts undone below. The 著/着 verbs are mapped below.
const toSimplified = OpenCC.Converter({ from: "t", to: "cn" });

/**
 * Vocabulary swaps made by simplified→traditional converters of mirror sites (SPEC §5.5.7: 武汉 2020:
 * "规范性文件" → "規範性檔案", "行政许可以外" → "行政許可證以外"), read back after conversion to simplified,
 * plus Taiwan-style words that mainland reports never use.
 */
const VOCABULARY_BACK_MAP: Readonly<Record<string, string>> = {
  规范性档案: "规范性文件",
  行政许可证以外: "行政许可以外",
  政府资讯: "政府信息",
  资讯公开: "信息公开",
  公开资讯: "公开信息",
  资讯处理费: "信息处理费",
  甚么: "什么",
  网路: "网络",
  软体: "软件",
  视讯: "视频",
  // Mirrors write the aspect/verb 着 as 著; "t" keeps 著 (right for 显著, 著作), so map the verb uses.
  著眼: "着眼",
  著力: "着力",
  著重: "着重",
  著手: "着手",
  著想: "着想",
  著实: "着实",
  意味著: "意味着",
  接著: "接着",
  本著: "本着",
  随著: "随着",
  有著: "有着",
  朝著: "朝着",
  沿著: "沿着",
  围绕著: "围绕着",
  存在著: "存在着",
  发挥著: "发挥着",
  // The converter is not idempotent on these (么 → 幺, 薴 → 苧 → 苎); mainland reports mean the first.
  幺: "么",
  苧: "苎",
};

const BACK_MAP_PATTERN = new RegExp(Object.keys(VOCABULARY_BACK_MAP).join("|"), "g");

/** Characters the converter changes on their own: a line without any is left alone (the common case). */
const CONVERTIBLE: ReadonlySet<string> = (() => {
  const chars = new Set<string>();
  for (const group of OpenCC.Locale.to.cn ?? []) {
    for (const dict of group) {
      const pairs = typeof dict === "string" ? dict.split("|").map((entry) => entry.split(" ")) : dict;
      for (const [from, to] of pairs) {
        if (from && from !== to && [...from].length === 1) chars.add(from);
      }
    }
  }
  // Back-map keys that are single characters must also trigger the conversion path.
  for (const key of Object.keys(VOCABULARY_BACK_MAP)) if ([...key].length === 1) chars.add(key);
  return chars;
})();

/** CONVERTIBLE as flags over UTF-16 code units (BMP characters), so the common scan allocates nothing. */
const CONVERTIBLE_BMP: Uint8Array = (() => {
  const flags = new Uint8Array(0x10000);
  for (const ch of CONVERTIBLE) if (ch.length === 1) flags[ch.charCodeAt(0)] = 1;
  return flags;
})();

function needsConversion(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code < 0x3400) continue;
    if (code >= 0xd800 && code <= 0xdbff) {
      // Surrogate pairs: look the whole code point up.
      if (CONVERTIBLE.has(line.slice(i, i + 2))) return true;
    } else if (CONVERTIBLE_BMP[code] === 1) return true;
  }
  return false;
}

function convert(text: string): string {
  return toSimplified(text).replace(BACK_MAP_PATTERN, (word: string) => VOCABULARY_BACK_MAP[word] ?? word);
}

/**
 * Converts traditional characters to simplified and undoes known converter vocabulary swaps. A line
 * without any traditional character is returned unchanged, so simplified pages cost one scan.
 */
export function toSimplifiedChinese(line: string): string {
  return needsConversion(line) ? convert(line) : line;
}

/**
 * The same, line by line, for many lines at once: the lines that need it go through the converter in
 * one call (it costs per call, not only per character). Same result as mapping toSimplifiedChinese.
 */
export function toSimplifiedLines(lines: readonly string[]): string[] {
  const out = [...lines];
  const pending: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    // A line holding a break could not be split back; convert it alone.
    if (line.includes("\n")) out[i] = toSimplifiedChinese(line);
    else if (needsConversion(line)) pending.push(i);
  }
  if (pending.length === 0) return out;
  const converted = convert(pending.map((i) => lines[i] ?? "").join("\n")).split("\n");
  if (converted.length !== pending.length) return lines.map(toSimplifiedChinese);
  pending.forEach((index, k) => {
    out[index] = converted[k] ?? "";
  });
  return out;
}
