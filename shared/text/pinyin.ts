// Pinyin annotations injected by mirror sites after polyphonic characters: "依據(jù)", "國辦公(gong)開辦函"
// (SPEC §5.5.8). Only a parenthesised lowercase syllable directly after a CJK character is removed, so
// "(PDF)", "附件(doc)" or "平台(app)" stay.

const TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê";
const ANNOTATION_RUN = new RegExp(
  `([\\u3400-\\u9fff\\uf900-\\ufaff])((?:[(（][a-z${TONED_VOWELS}]{1,7}[)）])+)`,
  "g",
);
const ONE_ANNOTATION = new RegExp(`[(（]([a-z${TONED_VOWELS}]{1,7})[)）]`, "g");
// Loose syllable shape: optional initial, 1–3 vowels, optional -n/-ng/-r. Rejects "pdf", "doc", "app", "gov".
const SYLLABLE = new RegExp(`^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiou${TONED_VOWELS}]{1,3}(?:ng|n|r)?$`);

function isPinyinSyllable(candidate: string): boolean {
  return SYLLABLE.test(candidate);
}

/** Removes runs of pinyin annotations that follow a CJK character; anything else is kept verbatim. */
export function stripPinyinAnnotations(text: string): string {
  if (!text.includes("(") && !text.includes("（")) return text;
  return text.replace(ANNOTATION_RUN, (whole, hanzi: string, run: string) => {
    for (const match of run.matchAll(ONE_ANNOTATION)) {
      if (!isPinyinSyllable(match[1] ?? "")) return whole;
    }
    return hanzi;
  });
}

/** The first pinyin annotation in a text, for damage reports. */
export function findPinyinAnnotation(text: string): string | undefined {
  if (!text.includes("(") && !text.includes("（")) return undefined;
  for (const match of text.matchAll(ANNOTATION_RUN)) {
    const run = match[2] ?? "";
    if ([...run.matchAll(ONE_ANNOTATION)].every((m) => isPinyinSyllable(m[1] ?? ""))) return match[0];
  }
  return undefined;
}
