// Edits to sample report pages that tests make between cycles.

/** Adds 5 to the 总计 cell of 本年新收: the row total and the balance no longer hold. */
export function breakNewReceivedTotal(html: string): string {
  const at = html.indexOf("本年新收政府信息公开申请数量");
  const rowEnd = html.indexOf("</tr>", at);
  const row = html.slice(at, rowEnd);
  const cells = [...row.matchAll(/>(\d+)</g)];
  const last = cells.at(-1)!;
  const start = at + last.index! + 1;
  return `${html.slice(0, start)}${Number(last[1]) + 5}${html.slice(start + last[1]!.length)}`;
}
