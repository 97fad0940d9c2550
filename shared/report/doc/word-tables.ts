// Table structure of a Word 97–2003 binary document. The text stream alone is ambiguous (every cell
// and every row ends with the same \x07 mark, and an empty cell looks like a row end), so the paragraph
// properties are read: a "table terminating paragraph" (sprmPFTtp) marks a row end and carries the
// row's cell boundaries and merge flags (sprmTDefTable, sprmTVertMerge). Marks are written into the
// extracted pieces as private-use characters that survive word-extractor's clean-up.
import WordOleExtractor, {
  type OleDocument,
  type OlePiece,
  type WordDocumentText,
} from "word-extractor/lib/word-ole-extractor.js";

export const CELL_END = "\uE002";
export const ROW_END = "\uE000";
export const CELL_PARAGRAPH = "\uE001";

export interface WordCellDef {
  left: number;
  right: number;
  /** Continues the cell above (vertical merge), so its text is the text above. */
  mergedUp: boolean;
  /** Old-style horizontal merge: continues the cell to its left. */
  mergedLeft: boolean;
}
export interface WordRowDef {
  cp: number;
  cells: WordCellDef[];
}

const MAX_RUNS = 200_000;

interface Sprm {
  code: number;
  operand: Buffer;
}

/** The sprms of a grpprl; stops at the first malformed one. */
function sprmsOf(grpprl: Buffer, offset: number): Sprm[] {
  const out: Sprm[] = [];
  let at = offset;
  while (at + 2 <= grpprl.length && out.length < 500) {
    const code = grpprl.readUInt16LE(at);
    at += 2;
    const spra = code >> 13;
    let size: number;
    let start = at;
    if (code === 0xd608 || code === 0xd606) {
      if (at + 2 > grpprl.length) break;
      size = grpprl.readUInt16LE(at) - 1;
      start = at + 2;
    } else if (spra === 6) {
      if (at + 1 > grpprl.length) break;
      size = grpprl.readUInt8(at);
      start = at + 1;
    } else size = [1, 1, 2, 4, 2, 2, 0, 3][spra] ?? 0;
    if (size < 0 || start + size > grpprl.length) break;
    out.push({ code, operand: grpprl.subarray(start, start + size) });
    at = start + size;
  }
  return out;
}

function tableDefinition(operand: Buffer): WordCellDef[] {
  const count = operand.readUInt8(0);
  if (operand.length < 1 + 2 * (count + 1)) return [];
  const cells: WordCellDef[] = [];
  for (let i = 0; i < count; i++) {
    const tcAt = 1 + 2 * (count + 1) + 20 * i;
    const flags = tcAt + 2 <= operand.length ? operand.readUInt16LE(tcAt) : 0;
    cells.push({
      left: operand.readInt16LE(1 + 2 * i),
      right: operand.readInt16LE(1 + 2 * (i + 1)),
      mergedUp: (flags & 0x20) !== 0 && (flags & 0x40) === 0,
      mergedLeft: (flags & 0x02) !== 0,
    });
  }
  return cells;
}

/** Paragraph properties too large for the FKP live in the Data stream (sprmPHugePapx): cb, then grpprl. */
function withHugePapx(sprms: Sprm[], dataStream: Buffer | undefined): Sprm[] {
  const huge = sprms.find((s) => s.code === 0x6646 && s.operand.length === 4);
  if (!huge || !dataStream) return sprms;
  const at = huge.operand.readUInt32LE(0);
  if (at + 2 > dataStream.length) return sprms;
  const cb = dataStream.readUInt16LE(at);
  return [...sprms, ...sprmsOf(dataStream.subarray(at + 2, Math.min(dataStream.length, at + 2 + cb)), 0)];
}

function pieceAt(pieces: OlePiece[], fc: number): OlePiece | undefined {
  return pieces.find((p) => fc >= p.startFilePos && fc < p.endFilePos);
}

/** Replaces the paragraph mark at file position `fc` (if it is `expected`) and returns its CP. */
function mark(pieces: OlePiece[], fc: number, expected: string[], replacement: string): number | undefined {
  const piece = pieceAt(pieces, fc);
  if (!piece) return undefined;
  const index = Math.floor((fc - piece.startFilePos) / piece.bpc);
  const current = piece.text[index];
  if (current === undefined || !expected.includes(current)) return undefined;
  piece.text = piece.text.slice(0, index) + replacement + piece.text.slice(index + 1);
  return piece.startCp + index;
}

/** Reads the PAPX FKPs (the same walk word-extractor does for row ends), marking cells and rows. */
export function markTables(
  buffer: Buffer,
  tableBuffer: Buffer,
  pieces: OlePiece[],
  dataStream?: Buffer,
): WordRowDef[] {
  const rows: WordRowDef[] = [];
  const fcPlc = buffer.readUInt32LE(0x0102);
  const lcbPlc = buffer.readUInt32LE(0x0106);
  if (lcbPlc < 12 || fcPlc + lcbPlc > tableBuffer.length) return rows;
  const plc = tableBuffer.subarray(fcPlc, fcPlc + lcbPlc);
  const count = Math.floor((lcbPlc - 4) / 8);
  let runs = 0;
  for (let i = 0; i < count && runs < MAX_RUNS; i++) {
    const pn = plc.readUInt32LE((count + 1) * 4 + i * 4) & 0x3fffff;
    if ((pn + 1) * 512 > buffer.length) continue;
    const fkp = buffer.subarray(pn * 512, (pn + 1) * 512);
    const crun = fkp.readUInt8(511);
    for (let j = 0; j < crun && (crun + 1) * 4 + j * 13 < 511; j++, runs++) {
      const fcNext = fkp.readUInt32LE((j + 1) * 4);
      const papxAt = fkp.readUInt8((crun + 1) * 4 + j * 13) * 2;
      if (papxAt === 0 || papxAt >= 511) continue;
      const cb = fkp.readUInt8(papxAt);
      const grpprl =
        cb !== 0
          ? fkp.subarray(papxAt + 1, Math.min(511, papxAt + 2 * cb))
          : fkp.subarray(papxAt + 2, Math.min(511, papxAt + 2 + 2 * fkp.readUInt8(papxAt + 1)));
      const sprms = withHugePapx(sprmsOf(grpprl, 2), dataStream);
      const flag = (code: number): boolean => sprms.some((s) => s.code === code && s.operand[0] === 1);
      const piece = pieceAt(pieces, fcNext - 1);
      const markFc = fcNext - (piece?.bpc ?? 1);
      if (flag(0x2417)) {
        const cp = mark(pieces, markFc, ["\x07"], ROW_END);
        if (cp === undefined) continue;
        const def = sprms.find((s) => s.code === 0xd608);
        const cells = def && def.operand.length > 0 ? tableDefinition(def.operand) : [];
        for (const s of sprms.filter((x) => x.code === 0xd62b && x.operand.length >= 2)) {
          const cell = cells[s.operand[0] ?? 255];
          if (cell) cell.mergedUp = s.operand[1] === 1;
        }
        rows.push({ cp, cells });
      } else if (flag(0x2416)) {
        // Inside a table: \x07 ends a cell, \r ends a paragraph within a cell (or a nested table's cell).
        if (mark(pieces, markFc, ["\x07"], CELL_END) === undefined)
          mark(pieces, markFc, ["\r"], CELL_PARAGRAPH);
      }
    }
  }
  return rows.sort((a, b) => a.cp - b.cp);
}

/** word-extractor's OLE reader, with table structure captured instead of row ends turned into "\n". */
export class TableAwareWordExtractor extends WordOleExtractor {
  rowDefs: WordRowDef[] = [];
  private dataStream: Buffer | undefined;

  override async extractWordDocument(document: OleDocument, buffer: Buffer): Promise<WordDocumentText> {
    // Only read the Data stream when the directory lists it: reading a missing stream never settles.
    if (document._rootStorage?._dirEntry?.streams?.Data)
      this.dataStream = await this.streamBuffer(document.stream("Data")).catch(() => undefined);
    return super.extractWordDocument(document, buffer);
  }

  override writeParagraphProperties(buffer: Buffer, tableBuffer: Buffer): void {
    this.rowDefs = markTables(buffer, tableBuffer, this._pieces, this.dataStream).filter(
      (r) => r.cp < this._boundaries.ccpText,
    );
  }
}
