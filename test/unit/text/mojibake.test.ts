import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { isGarbledLine, looksMisaligned, recoverMisalignedLine } from "../../../shared/text/mojibake.ts";
import { normaliseLine } from "../../../shared/text/normalise.ts";

/** SPEC §5.5.9 reproduction: encode as GBK, lose the first byte, decode. */
const shiftByOne = (text: string): string => iconv.decode(iconv.encode(text, "gbk").subarray(1), "gbk");

describe("GBK off-by-one misalignment", () => {
  it("reproduces the SPEC's damage and recovers the heading", () => {
    const damaged = shiftByOne("\u3000（一）主動公開情況");
    expect(damaged.startsWith("。ㄒ唬┲")).toBe(true);
    expect(looksMisaligned(damaged)).toBe(true);
    expect(recoverMisalignedLine(damaged)).toBe("（一）主動公開情況");
    expect(normaliseLine(damaged)).toBe("（一）主动公开情况");
  });

  it.each([
    "\u3000（二）依申请公开情况",
    "\u3000（三）政府信息管理",
    "\u3000（六）其他需要报告的事项",
    "\u3000（十）监督保障情况",
  ])("round-trips %s when no byte beyond the first was lost", (original) => {
    expect(recoverMisalignedLine(shiftByOne(original))).toBe(original.trim());
  });

  it.each([
    ["?。ㄒ唬┲鲃庸_情況", /^（一）主动.情况$/],
    ["?。ǘ┮郎暾埞_情況", /^（二）依申请.情况$/],
    ["?。ㄈ┱畔⒐芾砬闆r", /^（三）.息管理情况$/],
    ["?。ㄋ模┢脚_建設(shè)情況", /^（四）平台建设情况$/],
  ])("seed 000 heading %s becomes a readable level-2 heading", (line, expected) => {
    expect(normaliseLine(line)).toMatch(expected);
  });

  it("leaves clean lines alone", () => {
    for (const line of ["一、總體情況", "（一）主动公开政府信息情况", "是否公开?", "ǘ"]) {
      expect(looksMisaligned(line)).toBe(false);
      expect(recoverMisalignedLine(line)).toBeNull();
    }
  });

  it("detects, without inventing a repair, a fragment in the middle of prose", () => {
    const line = "4、嚴格執行“三審三?!敝贫?,通過“人工檢查+系統檢查”相結合的方式";
    expect(looksMisaligned(line)).toBe(true);
    expect(recoverMisalignedLine(line)).toBeNull();
  });
});

describe("double mojibake (UTF-8 read as GBK)", () => {
  const asGbk = (text: string) => iconv.decode(Buffer.from(text, "utf8"), "gbk");

  it("flags once and twice mis-decoded lines", () => {
    const once = asGbk("政府信息公开工作年度报告，本年度主动公开信息");
    expect(isGarbledLine(once)).toBe(true);
    expect(isGarbledLine(asGbk(once))).toBe(true);
    expect(isGarbledLine("闂備礁缍婂ḿ褔婀遍崑鎾绘煥閻曞倹瀚")).toBe(true);
  });

  it("does not call a repairable shifted heading garbage", () => {
    expect(isGarbledLine("?。ǘ┢渌枰私獾氖马?/span>")).toBe(false);
  });

  it("accepts normal simplified and traditional prose and short lines", () => {
    expect(isGarbledLine("本年度共受理信息公开申请58件，均按时答复。")).toBe(false);
    expect(
      isGarbledLine("嚴格執行日常發布內容“三審三校”機制，對局內網、局外網和微信公眾號日常發布的稿件審核"),
    ).toBe(false);
    expect(isGarbledLine("鏀垮簻")).toBe(false);
  });
});
