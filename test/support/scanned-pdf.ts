// A scanned report in miniature: a PDF page with no text layer, painting one image.

/** Rewrites a one-page blank PDF so its page paints an 1×1 image (a scanned page in miniature). */
export function injectImage(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString("latin1");
  const image =
    "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream";
  const content = "q 100 0 0 100 50 50 cm /Im1 Do Q";
  const objects: string[] = [];
  const re = /(\d+) 0 obj\n([\s\S]*?)\nendobj\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) objects.push(m[2] ?? "");
  const next = objects.length + 1;
  const rebuilt = objects.map((body) => {
    if (body.includes("/Type /Page "))
      return body.replace("/Resources << ", `/Resources << /XObject << /Im1 ${next} 0 R >> `);
    if (body.startsWith("<< /Length 0 >>"))
      return `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
    return body;
  });
  rebuilt.push(image);
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  rebuilt.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${rebuilt.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${rebuilt.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}
