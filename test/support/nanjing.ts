// The bureau the store and mail tests use: 南京市统计局 under 南京市政务公开办 (a registry entry as DESIGN §4 shows it).
import type { Bureau } from "../../shared/domain/registry.ts";

export const NANJING_TJJ: Bureau = {
  id: "nj-tjj",
  name: "南京市统计局",
  regionCode: "320100",
  agencyType: "department",
  supervisor: "nj-zwgk",
  site: "https://tjj.nanjing.gov.cn/",
  listings: ["https://tjj.nanjing.gov.cn/zwgk/zfxxgknb/"],
};
