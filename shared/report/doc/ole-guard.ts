// Sanity checks on an OLE compound file before word-extractor reads it. Its sector-chain walk stops
// only on a self-loop, so a corrupt file with a longer cycle would spin forever (synchronously, out of
// reach of any timeout), and absurd header counts make it allocate gigabytes. Reject those files here.

const MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = -2;

/** Every chain in a sector table must end: no cycles among non-negative pointers. */
function hasCycle(table: Int32Array): boolean {
  const state = new Uint8Array(table.length); // 0 unseen, 1 on the current path, 2 known to end
  for (let start = 0; start < table.length; start++) {
    if (state[start] !== 0) continue;
    const path: number[] = [];
    let at = start;
    while (at >= 0 && at < table.length && state[at] === 0) {
      state[at] = 1;
      path.push(at);
      at = table[at] ?? END_OF_CHAIN;
    }
    if (at >= 0 && at < table.length && state[at] === 1) return true;
    for (const p of path) state[p] = 2;
  }
  return false;
}

/** Returns why the file cannot be read safely, or undefined when it looks sound. */
export function checkOleStructure(buffer: Buffer): string | undefined {
  if (buffer.length < 512 || MAGIC.some((b, i) => buffer[i] !== b)) return "not an OLE compound file";
  const shift = buffer.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return "bad sector size";
  const sectorSize = 1 << shift;
  const sectors = Math.floor((buffer.length - 512) / sectorSize) + 1;
  const fatCount = buffer.readUInt32LE(0x2c);
  const difatStart = buffer.readInt32LE(0x44);
  const difatCount = buffer.readUInt32LE(0x48);
  const miniFatStart = buffer.readInt32LE(0x3c);
  const miniFatCount = buffer.readUInt32LE(0x40);
  if (fatCount === 0 || fatCount > sectors || difatCount > sectors || miniFatCount > sectors)
    return "sector counts exceed the file";
  const offsetOf = (sector: number): number => 512 + sector * sectorSize;
  const fatSectors: number[] = [];
  for (let i = 0; i < Math.min(fatCount, 109); i++) fatSectors.push(buffer.readInt32LE(0x4c + 4 * i));
  let difat = difatStart;
  for (let n = 0; n < difatCount && fatSectors.length < fatCount; n++) {
    if (difat < 0 || offsetOf(difat) + sectorSize > buffer.length) return "bad DIFAT chain";
    for (let k = 0; k < sectorSize / 4 - 1 && fatSectors.length < fatCount; k++)
      fatSectors.push(buffer.readInt32LE(offsetOf(difat) + 4 * k));
    difat = buffer.readInt32LE(offsetOf(difat) + sectorSize - 4);
  }
  const fat = new Int32Array((fatSectors.length * sectorSize) / 4);
  for (const [i, sector] of fatSectors.entries()) {
    if (sector < 0 || offsetOf(sector) + sectorSize > buffer.length) return "FAT sector outside the file";
    for (let k = 0; k < sectorSize / 4; k++)
      fat[i * (sectorSize / 4) + k] = buffer.readInt32LE(offsetOf(sector) + 4 * k);
  }
  if (hasCycle(fat)) return "cyclic sector chain";
  if (miniFatCount > 0) {
    const miniFat: number[] = [];
    for (let at = miniFatStart, n = 0; at >= 0 && n < miniFatCount; at = fat[at] ?? END_OF_CHAIN, n++) {
      if (offsetOf(at) + sectorSize > buffer.length) return "mini FAT sector outside the file";
      for (let k = 0; k < sectorSize / 4; k++) miniFat.push(buffer.readInt32LE(offsetOf(at) + 4 * k));
    }
    if (hasCycle(Int32Array.from(miniFat))) return "cyclic mini sector chain";
  }
  return undefined;
}
