import { describe, expect, it } from "vitest";
import { dropSpamPrefix, isBoilerplateLine } from "../../../shared/text/boilerplate.ts";

describe("isBoilerplateLine", () => {
  it.each([
    "字号：大 中 小",
    "【字体：大 中 小】",
    "字號:大 中 小",
    "打印",
    "【打印本页】【关闭窗口】",
    "[ 打印 ] [ 关闭 ]",
    "扫一扫在手机打开当前页",
    "浏览次数：1234",
    "点击数:56",
    "今天是2026年11月23日 星期一",
    "当前时间：2026-11-23 10:00",
    "分享到：",
    "当前位置：首页 > 政务公开 > 政府信息公开年报",
    "您现在的位置：首页 > 信息公开",
    "网站地图 | 联系我们",
    "主办单位：广州市统计局 承办单位：广州市统计局办公室",
    "粤ICP备12345678号 粤公网安备 44010402000001号",
    "网站标识码：4401000001",
  ])("%s is page furniture", (line) => {
    expect(isBoilerplateLine(line)).toBe(true);
  });

  it.each([
    "一、总体情况",
    "二、主动公开政府信息情况",
    "本年度共受理信息公开申请58件，其中当面申请2件。",
    "（五）监督保障情况",
    "我局政府信息公开平台建设情况",
    "六、其他需要报告的事项",
    "无",
    "今年共收到申请12件。",
    "如需了解更多政府信息，请登录广州市统计局网站查询，网址为：http://tjj.gz.gov.cn/。",
  ])("%s is report text", (line) => {
    expect(isBoilerplateLine(line)).toBe(false);
  });
});

describe("dropSpamPrefix", () => {
  const report = [
    "广州市统计局2022年政府信息公开工作年度报告",
    "依据《中华人民共和国政府信息公开条例》第五十条之规定，制作本报告。",
    "一、总体情况",
  ];

  it("drops injected gambling/porn header lines before the report", () => {
    const lines = ["澳门新葡京娱乐城 真人百家乐", "彩票注册送彩金", "最新无码在线观看", ...report];
    expect(dropSpamPrefix(lines)).toEqual(report);
  });

  it("drops spam written in traditional characters", () => {
    expect(dropSpamPrefix(["澳門博彩 線上娛樂城", ...report])).toEqual(report);
  });

  it("never drops a normal report's first lines", () => {
    const withPreface = ["引言", "2022年，我局坚持以习近平新时代中国特色社会主义思想为指导。", ...report];
    expect(dropSpamPrefix(withPreface)).toEqual(withPreface);
    expect(dropSpamPrefix(report)).toEqual(report);
    expect(dropSpamPrefix([])).toEqual([]);
  });

  it("keeps everything when no report-like line follows the spam", () => {
    const lines = ["澳门博彩", "彩票开奖结果"];
    expect(dropSpamPrefix(lines)).toEqual(lines);
  });

  it("skips a title line that itself carries spam words", () => {
    const lines = ["澳门博彩 政府信息公开年度报告", ...report];
    expect(dropSpamPrefix(lines)).toEqual(report);
  });
});
