import { describe, expect, it } from "vitest";
import { reportMissingFinding } from "../../../shared/rules/report-missing.ts";

describe("reportMissingFinding", () => {
  it("builds a forwardable error with the deadline and a stable key", () => {
    const bureau = {
      id: "nj-tjj",
      name: "南京市统计局",
      agencyType: "department" as const,
      listings: ["https://tjj.example/nb/"],
    };
    const finding = reportMissingFinding(bureau, 2023, { checkedAt: "2024-02-03" });
    expect(finding).toMatchObject({
      rule: "report-missing",
      severity: "error",
      year: 2023,
      key: "report-missing.2023",
    });
    expect(finding.message).toBe(
      "南京市统计局2023年政府信息公开工作年度报告的发布期限2024-01-31已过，但在其网站年报栏目中未找到该报告。",
    );
    expect(finding.evidence).toMatchObject({
      deadline: "2024-01-31",
      regime: "2019",
      checkedAt: "2024-02-03",
      bureau: "nj-tjj",
    });
    expect(reportMissingFinding({ ...bureau, agencyType: "government" }, 2023).evidence.deadline).toBe(
      "2024-03-31",
    );
  });
});
