// PDF and OFD pages to a document: both formats go through the same layout analysis (pdf/assemble.ts),
// and a document without a recognised title takes the first short line that reads like one.
import type { ExtractedDocument } from "../domain/report.ts";
import { assemble } from "./pdf/assemble.ts";
import type { PageContent } from "./pdf/page-model.ts";

const TITLE_LIKE = /(?:报告|报表|公报)$/u;

export function fixedLayoutDocument(pages: PageContent[], mediaType: "pdf" | "ofd"): ExtractedDocument {
  const { blocks, title } = assemble(pages, mediaType);
  const fallbackTitle = blocks
    .slice(0, 5)
    .flatMap((b) => (b.kind === "text" && b.text.length <= 80 && TITLE_LIKE.test(b.text) ? [b.text] : []))[0];
  const chosen = title ?? fallbackTitle;
  return {
    blocks,
    ...(chosen === undefined ? {} : { title: chosen }),
    pageMeta: {},
    links: [],
    damage: [],
    mediaType,
  };
}
