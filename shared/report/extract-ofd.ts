// OFD attachments (版式文件, GB/T 33190): the text and rules of each page through the same layout analysis
// as PDF (tables as true grids, reading order, page furniture removed). OFD stores its text as Unicode,
// so no font mapping is needed; a page of images only becomes an image block, as in a scanned PDF.
import type { ExtractedDocument } from "../domain/report.ts";
import { fixedLayoutDocument } from "./fixed-layout.ts";
import { readOfdPages } from "./ofd/read-ofd.ts";

export { OFD_LIMITS, OfdReadError } from "./ofd/read-ofd.ts";

/** Reads an OFD file. Throws only `OfdReadError` (not an OFD package, damaged, too large, too slow). */
export async function extractOfd(bytes: Uint8Array): Promise<ExtractedDocument> {
  return fixedLayoutDocument(readOfdPages(bytes), "ofd");
}
