// Read side of findings: by office, rule, year (the three GSIs) and by bureau (the base table).
import type { Severity } from "../domain/finding.ts";
import type { RuleId } from "../rules/catalogue.ts";
import { queryAll, type StoreContext } from "./dynamo-helpers.ts";
import { type StoredFinding, toStoredFinding } from "./finding-items.ts";
import {
  bureauPk,
  type FindingStatus,
  findingSkPrefix,
  GSI_BY_OFFICE,
  GSI_BY_RULE,
  GSI_BY_YEAR,
  type IndexSpec,
  officePk,
  yearPart,
} from "./table-schema.ts";

export interface FindingFilter {
  status?: FindingStatus;
  severity?: Severity;
  year?: number;
}

/**
 * The index sort keys are `<a>#<b>#<c>#…`: the longest run of leading parts the caller fixed becomes a
 * begins_with condition; whatever is left is checked after reading (index partitions are small).
 */
function prefixOf(parts: (string | undefined)[]): string {
  const fixed: string[] = [];
  for (const part of parts) {
    if (part === undefined) break;
    fixed.push(part);
  }
  return fixed.length === 0 ? "" : `${fixed.join("#")}#`;
}

function matches(f: StoredFinding, filter: FindingFilter): boolean {
  return (
    (filter.status === undefined || f.status === filter.status) &&
    (filter.severity === undefined || f.severity === filter.severity) &&
    (filter.year === undefined || f.year === filter.year)
  );
}

export function findingQueries(ctx: StoreContext) {
  async function viaIndex(index: IndexSpec, pk: string, prefix: string, filter: FindingFilter) {
    const items = await queryAll(ctx, {
      IndexName: index.name,
      KeyConditionExpression: prefix ? "#pk = :pk AND begins_with(#sk, :prefix)" : "#pk = :pk",
      ExpressionAttributeNames: prefix
        ? { "#pk": index.partitionKey, "#sk": index.sortKey }
        : { "#pk": index.partitionKey },
      ExpressionAttributeValues: prefix ? { ":pk": pk, ":prefix": prefix } : { ":pk": pk },
    });
    return items.map(toStoredFinding).filter((f) => matches(f, filter));
  }

  return {
    findingsByOffice(officeId: string, filter: FindingFilter = {}): Promise<StoredFinding[]> {
      const year = filter.year === undefined ? undefined : yearPart(filter.year);
      return viaIndex(
        GSI_BY_OFFICE,
        officePk(officeId),
        prefixOf([filter.status, filter.severity, year]),
        filter,
      );
    },
    findingsByRule(rule: RuleId, filter: FindingFilter = {}): Promise<StoredFinding[]> {
      const year = filter.year === undefined ? undefined : yearPart(filter.year);
      return viaIndex(GSI_BY_RULE, `RULE#${rule}`, prefixOf([filter.status, year]), filter);
    },
    findingsByYear(year: number, filter: Omit<FindingFilter, "year"> = {}): Promise<StoredFinding[]> {
      return viaIndex(GSI_BY_YEAR, `YEAR#${yearPart(year)}`, prefixOf([filter.status, filter.severity]), {
        ...filter,
        year,
      });
    },
    async findingsByBureau(bureauId: string, filter: FindingFilter = {}): Promise<StoredFinding[]> {
      const items = await queryAll(ctx, {
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
        ExpressionAttributeValues: { ":pk": bureauPk(bureauId), ":prefix": findingSkPrefix(filter.year) },
      });
      return items.map(toStoredFinding).filter((f) => matches(f, filter));
    },
  };
}
