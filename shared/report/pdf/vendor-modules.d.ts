// Vendor modules that ship without type declarations: only the parts this code uses.

/** pdfjs's worker bundle: its message handler lets pdfjs run in-process on Node (fake worker). */
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: unknown;
}

/** word-extractor internals, used to read .doc table structure next to the text (extract-doc.ts). */
declare module "word-extractor/lib/word-ole-extractor.js" {
  export interface OlePiece {
    text: string;
    startCp: number;
    startFilePos: number;
    endFilePos: number;
    bpc: number;
  }
  export interface WordDocumentText {
    getBody(options?: { filterUnicode?: boolean }): string;
  }
  export interface OleDocument {
    _rootStorage?: { _dirEntry?: { streams?: Record<string, unknown> } };
    stream(name: string): NodeJS.ReadableStream;
  }
  export default class WordOleExtractor {
    _pieces: OlePiece[];
    _boundaries: { ccpText: number };
    extract(reader: unknown): Promise<WordDocumentText>;
    extractWordDocument(document: OleDocument, buffer: Buffer): Promise<WordDocumentText>;
    streamBuffer(stream: NodeJS.ReadableStream): Promise<Buffer>;
    writeParagraphProperties(buffer: Buffer, tableBuffer: Buffer): void;
  }
}

declare module "word-extractor/lib/buffer-reader.js" {
  export default class BufferReader {
    constructor(buffer: Buffer);
    open(): Promise<void>;
    close(): Promise<void>;
  }
}
