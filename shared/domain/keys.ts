// The canonical keys of SPEC §7b and their official Chinese labels: the one label table of the project.
// Add keys, never rename them: check --json, DynamoDB items, the API and the e-mails all use them.

export const SECTION_KEYS = ["overview", "proactive", "requests", "review", "problems", "other"] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_LABELS: Record<SectionKey, string> = {
  overview: "一、总体情况",
  proactive: "二、主动公开政府信息情况",
  requests: "三、收到和处理政府信息公开申请情况",
  review: "四、政府信息公开行政复议、行政诉讼情况",
  problems: "五、存在的主要问题及改进情况",
  other: "六、其他需要报告的事项",
};

// ---- 2008 regime (Art. 32): the six topics a report must cover (SPEC §4.2.2) -----------------------

export const LEGACY_TOPICS = ["proactive", "requests", "fees", "review", "problems", "other"] as const;
export type LegacyTopic = (typeof LEGACY_TOPICS)[number];

/** Art. 32 item wording, for messages. */
export const LEGACY_TOPIC_LABELS: Record<LegacyTopic, string> = {
  proactive: "主动公开政府信息的情况",
  requests: "依申请公开政府信息和不予公开政府信息的情况",
  fees: "政府信息公开的收费及减免情况",
  review: "因政府信息公开申请行政复议、提起行政诉讼的情况",
  problems: "政府信息公开工作存在的主要问题及改进情况",
  other: "其他需要报告的事项",
};

// ---- Table 3 (requests) -------------------------------------------------------------------------

export const REQUEST_COLUMNS = [
  "naturalPerson",
  "commercial",
  "research",
  "nonprofit",
  "legalService",
  "otherOrg",
  "total",
] as const;
export type RequestColumn = (typeof REQUEST_COLUMNS)[number];

export const REQUEST_COLUMN_LABELS: Record<RequestColumn, string> = {
  naturalPerson: "自然人",
  commercial: "商业企业",
  research: "科研机构",
  nonprofit: "社会公益组织",
  legalService: "法律服务机构",
  otherOrg: "其他",
  total: "总计",
};

/** The 2021 rows R01…R25 in report order. */
export const REQUEST_ROWS_2021 = [
  "newReceived",
  "carriedOver",
  "granted",
  "partiallyGranted",
  "deniedStateSecret",
  "deniedLawForbidden",
  "deniedSecurityStability",
  "deniedThirdParty",
  "deniedInternalAffairs",
  "deniedProcessInfo",
  "deniedEnforcementFile",
  "deniedQueryMatter",
  "unavailableNotHeld",
  "unavailableNeedsCreation",
  "unavailableUnclear",
  "notProcessedComplaint",
  "notProcessedDuplicate",
  "notProcessedPublication",
  "notProcessedMassRepeat",
  "notProcessedConfirmation",
  "otherNoCorrection",
  "otherUnpaidFee",
  "otherOther",
  "total",
  "carriedForward",
] as const;

/** The 2019 rows: the three other* rows are one row, otherHandling. */
export const REQUEST_ROWS_2019 = [
  ...REQUEST_ROWS_2021.slice(0, 20),
  "otherHandling",
  "total",
  "carriedForward",
] as const;

export type RequestRow = (typeof REQUEST_ROWS_2021)[number] | "otherHandling";

export const REQUEST_ROW_LABELS: Record<RequestRow, string> = {
  newReceived: "一、本年新收政府信息公开申请数量",
  carriedOver: "二、上年结转政府信息公开申请数量",
  granted: "（一）予以公开",
  partiallyGranted: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
  deniedStateSecret: "（三）不予公开 1.属于国家秘密",
  deniedLawForbidden: "（三）不予公开 2.其他法律行政法规禁止公开",
  deniedSecurityStability: "（三）不予公开 3.危及“三安全一稳定”",
  deniedThirdParty: "（三）不予公开 4.保护第三方合法权益",
  deniedInternalAffairs: "（三）不予公开 5.属于三类内部事务信息",
  deniedProcessInfo: "（三）不予公开 6.属于四类过程性信息",
  deniedEnforcementFile: "（三）不予公开 7.属于行政执法案卷",
  deniedQueryMatter: "（三）不予公开 8.属于行政查询事项",
  unavailableNotHeld: "（四）无法提供 1.本机关不掌握相关政府信息",
  unavailableNeedsCreation: "（四）无法提供 2.没有现成信息需要另行制作",
  unavailableUnclear: "（四）无法提供 3.补正后申请内容仍不明确",
  notProcessedComplaint: "（五）不予处理 1.信访举报投诉类申请",
  notProcessedDuplicate: "（五）不予处理 2.重复申请",
  notProcessedPublication: "（五）不予处理 3.要求提供公开出版物",
  notProcessedMassRepeat: "（五）不予处理 4.无正当理由大量反复申请",
  notProcessedConfirmation: "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
  otherNoCorrection: "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
  otherUnpaidFee: "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
  otherOther: "（六）其他处理 3.其他",
  otherHandling: "（六）其他处理",
  total: "（七）总计",
  carriedForward: "四、结转下年度继续办理",
};

/** Leaf groups of 三、本年度办理结果, for the result-total and group-total relations. */
export const REQUEST_RESULT_GROUPS: Record<
  string,
  { label: string; rows2021: RequestRow[]; rows2019: RequestRow[] }
> = {
  granted: { label: "（一）予以公开", rows2021: ["granted"], rows2019: ["granted"] },
  partiallyGranted: {
    label: "（二）部分公开",
    rows2021: ["partiallyGranted"],
    rows2019: ["partiallyGranted"],
  },
  denied: {
    label: "（三）不予公开",
    rows2021: REQUEST_ROWS_2021.slice(4, 12) as RequestRow[],
    rows2019: REQUEST_ROWS_2021.slice(4, 12) as RequestRow[],
  },
  unavailable: {
    label: "（四）无法提供",
    rows2021: REQUEST_ROWS_2021.slice(12, 15) as RequestRow[],
    rows2019: REQUEST_ROWS_2021.slice(12, 15) as RequestRow[],
  },
  notProcessed: {
    label: "（五）不予处理",
    rows2021: REQUEST_ROWS_2021.slice(15, 20) as RequestRow[],
    rows2019: REQUEST_ROWS_2021.slice(15, 20) as RequestRow[],
  },
  otherHandling: {
    label: "（六）其他处理",
    rows2021: ["otherNoCorrection", "otherUnpaidFee", "otherOther"],
    rows2019: ["otherHandling"],
  },
};

// ---- Table 4 (review) ---------------------------------------------------------------------------

export const REVIEW_GROUPS = ["review", "litigationDirect", "litigationAfterReview"] as const;
export type ReviewGroup = (typeof REVIEW_GROUPS)[number];
export const REVIEW_COLUMNS = ["upheld", "corrected", "other", "pending", "total"] as const;
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];

export const REVIEW_GROUP_LABELS: Record<ReviewGroup, string> = {
  review: "行政复议",
  litigationDirect: "行政诉讼（未经复议直接起诉）",
  litigationAfterReview: "行政诉讼（复议后起诉）",
};
export const REVIEW_COLUMN_LABELS: Record<ReviewColumn, string> = {
  upheld: "结果维持",
  corrected: "结果纠正",
  other: "其他结果",
  pending: "尚未审结",
  total: "总计",
};

// ---- Table 2 (proactive) ------------------------------------------------------------------------

export const PROACTIVE_2021 = {
  regulations: ["issued", "repealed", "inForce"],
  normativeDocuments: ["issued", "repealed", "inForce"],
  licensing: ["decisions"],
  punishment: ["decisions"],
  coercion: ["decisions"],
  fees: ["amount"],
} as const;

export const PROACTIVE_2019 = {
  regulations: ["newlyMade", "newlyPublished", "totalPublished"],
  normativeDocuments: ["newlyMade", "newlyPublished", "totalPublished"],
  licensing: ["previousItems", "change", "decisions"],
  otherServices: ["previousItems", "change", "decisions"],
  punishment: ["previousItems", "change", "decisions"],
  coercion: ["previousItems", "change", "decisions"],
  fees: ["previousItems", "change"],
  procurement: ["projects", "amount"],
} as const;

export type ProactiveRow = keyof typeof PROACTIVE_2021 | keyof typeof PROACTIVE_2019;

export const PROACTIVE_ROW_LABELS: Record<ProactiveRow, string> = {
  regulations: "规章",
  normativeDocuments: "行政规范性文件",
  licensing: "行政许可",
  otherServices: "其他对外管理服务事项",
  punishment: "行政处罚",
  coercion: "行政强制",
  fees: "行政事业性收费",
  procurement: "政府集中采购",
};

export const PROACTIVE_COLUMN_LABELS: Record<string, string> = {
  issued: "本年制发件数",
  repealed: "本年废止件数",
  inForce: "现行有效件数",
  decisions: "本年处理决定数量",
  amount: "本年收费金额（单位：万元）",
  newlyMade: "本年新制作数量",
  newlyPublished: "本年新公开数量",
  totalPublished: "对外公开总数量",
  previousItems: "上一年项目数量",
  change: "本年增/减",
  projects: "采购项目数量",
};

export const TABLE_LABELS = { proactive: "表二", requests: "表三", review: "表四" } as const;
export type TableKey = keyof typeof TABLE_LABELS;

export const AGENCY_TYPES = ["department", "government", "township"] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];
