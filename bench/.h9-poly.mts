const targets: Record<string, object> = { Array: Array.prototype, ArrayC: Array, TypedArray: Object.getPrototypeOf(Uint8Array.prototype), Uint8Array: Uint8Array.prototype, Uint8ArrayC: Uint8Array, Promise: Promise, PromiseP: Promise.prototype, Map: Map.prototype, MapC: Map, Set: Set.prototype, String: String.prototype, Object: Object, Iterator: (globalThis as any).Iterator?.prototype ?? {}, URL: URL, global: globalThis, JSON: JSON, ArrayBuffer: ArrayBuffer.prototype, DataView: DataView.prototype, RegExp: RegExp.prototype };
const snap = (o: object) => Object.fromEntries(Object.getOwnPropertyNames(o).map((k) => { const d = Object.getOwnPropertyDescriptor(o, k)!; return [k, d.value ?? d.get]; }));
const before = Object.fromEntries(Object.entries(targets).map(([k, o]) => [k, snap(o)]));
await import("pdfjs-dist/legacy/build/pdf.mjs");
await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
for (const [k, o] of Object.entries(targets)) {
  const after = snap(o);
  const changed = Object.keys(after).filter((p) => after[p] !== before[k]![p]);
  if (changed.length) console.log(k, changed.join(" "));
}
