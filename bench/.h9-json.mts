const native = JSON.parse;
const text = JSON.stringify({ Items: Array.from({ length: 200 }, (_, i) => ({ PK: { S: `BUREAU#b${i}` }, SK: { S: `REPORT#2024#${"ab".repeat(32)}` }, data: { M: { n: { N: String(i) }, s: { S: "政府信息公开工作年度报告".repeat(5) } } } })) });
const time = (f: () => void) => { const t = performance.now(); for (let i = 0; i < 300; i++) f(); return performance.now() - t; };
const a = time(() => native(text));
await import("pdfjs-dist/legacy/build/pdf.mjs");
console.log("replaced", JSON.parse !== native);
const b = time(() => JSON.parse(text));
console.log(`JSON.parse ${text.length} chars x300: native ${a.toFixed(0)} ms, after pdfjs import ${b.toFixed(0)} ms (${(b / a).toFixed(1)}x)`);
