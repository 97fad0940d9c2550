// The Lambdas' IAM grants are least-privilege lists (infra/stack/monitor-stack.ts). A store change that
// starts using another DynamoDB action (a batch write, a transaction) would pass every local test and
// then fail in AWS with AccessDenied. So: run the schedule, crawl, dispatch, digest and API Lambdas' own
// code against dynalite on the sample sites and check every request they send is an action their role is
// granted. The API's answers also prove the schedule's mirror of the registry is what the API reads.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHandler } from "../../functions/crawl/make-handler.ts";
import { makeProcessMessage } from "../../functions/crawl/process-message.ts";
import { makeHandler as makeScheduleHandler } from "../../functions/schedule/handler.ts";
import { type SampleSitesServer, startSampleSites } from "../../infra/local/sites/server.ts";
import { API_TABLE_ACTIONS } from "../../infra/stack/findings-api.ts";
import {
  CRAWL_TABLE_ACTIONS,
  DIGEST_TABLE_ACTIONS,
  DISPATCH_TABLE_ACTIONS,
  SCHEDULE_TABLE_ACTIONS,
} from "../../infra/stack/monitor-stack.ts";
import { createApi, hashToken, tokenStoreFromJson } from "../../shared/api/index.ts";
import { dispatchOutbox } from "../../shared/mail/dispatch.ts";
import { sendWeeklyDigests, weekContaining } from "../../shared/mail/index.ts";
import { FileOutboxTransport } from "../../shared/mail/transports.ts";
import { FileSnapshotStore } from "../../shared/snapshots/index.ts";
import { createRepository } from "../../shared/store/repository.ts";
import { crawlRecords } from "../support/crawl-messages.ts";
import { type CountingDoc, countingDoc } from "./helpers/counting-doc.ts";
import { useStoreTables } from "./helpers/store-tables.ts";
import { useTempDir } from "./helpers/temp-dir.ts";

/** The IAM action each document-client command needs. */
const ACTION_OF: Record<string, string> = {
  GetCommand: "dynamodb:GetItem",
  PutCommand: "dynamodb:PutItem",
  UpdateCommand: "dynamodb:UpdateItem",
  DeleteCommand: "dynamodb:DeleteItem",
  QueryCommand: "dynamodb:Query",
  ScanCommand: "dynamodb:Scan",
  BatchGetCommand: "dynamodb:BatchGetItem",
  BatchWriteCommand: "dynamodb:BatchWriteItem",
  TransactGetCommand: "dynamodb:TransactGetItems",
  TransactWriteCommand: "dynamodb:TransactWriteItems",
};

const actionsOf = (counting: CountingDoc) =>
  new Set(counting.requests.map((name) => ACTION_OF[name] ?? `unknown command ${name}`));

describe("the Lambdas use only the table actions their roles are granted", () => {
  const store = useStoreTables("lambda-actions");
  const dir = useTempDir("gdm-lambda-actions-");
  let sites: SampleSitesServer;

  beforeAll(async () => {
    sites = await startSampleSites();
  });

  afterAll(async () => {
    await sites?.close();
  });

  it("schedule, then crawl: two cycles over every sample bureau; then the dispatcher, digest and API", async () => {
    const { dynamo, tableName } = store;
    // The schedule function mirrors the registry into the table before it enqueues the cycle.
    const scheduleCounting = countingDoc(dynamo.doc);
    const scheduleRepo = createRepository({ doc: scheduleCounting.doc, tableName });
    const enqueued = await makeScheduleHandler({
      loadRegistry: async () => sites.registry,
      syncDirectory: (registry) => scheduleRepo.syncDirectory(registry),
      sendBatch: async () => 0,
    })({});
    expect(enqueued.enqueued).toBe(sites.registry.bureaus.length);
    const scheduleActions = actionsOf(scheduleCounting);
    expect([...scheduleActions].filter((a) => !SCHEDULE_TABLE_ACTIONS.includes(a))).toEqual([]);

    const crawlCounting = countingDoc(dynamo.doc);
    const repo = createRepository({ doc: crawlCounting.doc, tableName });
    const snapshots = new FileSnapshotStore(path.join(dir.path, "snapshots"));
    const handler = makeHandler({
      process: makeProcessMessage({ repo, snapshots, pacing: { minIntervalMs: 5 } }),
      log: () => {},
    });
    const { registry } = sites;
    const records = crawlRecords(registry.bureaus, registry);
    // As Lambda would: several invocations at once, one message each.
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(records.map((record) => handler({ Records: [record] })));
      expect(results.flatMap((r) => r.batchItemFailures)).toEqual([]);
    }
    const stored = await Promise.all(registry.bureaus.map((b) => repo.getReportVersions(b.id)));
    expect(stored.flat().length).toBeGreaterThan(registry.bureaus.length);
    const crawlActions = actionsOf(crawlCounting);
    expect([...crawlActions].filter((a) => !CRAWL_TABLE_ACTIONS.includes(a))).toEqual([]);

    const dispatchCounting = countingDoc(dynamo.doc);
    const dispatchRepo = createRepository({ doc: dispatchCounting.doc, tableName });
    const result = await dispatchOutbox(
      dispatchRepo,
      new FileOutboxTransport(path.join(dir.path, "outbox")),
      registry,
      {
        from: { address: "monitor@example.gov.cn", name: "监测" },
      },
    );
    expect(result.sent).toBeGreaterThan(0);
    const dispatchActions = actionsOf(dispatchCounting);
    expect([...dispatchActions].filter((a) => !DISPATCH_TABLE_ACTIONS.includes(a))).toEqual([]);

    const digestCounting = countingDoc(dynamo.doc);
    const digests = await sendWeeklyDigests(
      createRepository({ doc: digestCounting.doc, tableName }),
      new FileOutboxTransport(path.join(dir.path, "outbox")),
      registry,
      { week: weekContaining("2026-11-30"), from: { address: "monitor@example.gov.cn" } },
    );
    expect(digests.sent).toBe(registry.offices.length);
    const digestActions = actionsOf(digestCounting);
    expect(digestActions).toContain("dynamodb:BatchGetItem");
    expect([...digestActions].filter((a) => !DIGEST_TABLE_ACTIONS.includes(a))).toEqual([]);

    // The API: every route, for an office that supervises bureaus.
    const apiCounting = countingDoc(dynamo.doc);
    const office = registry.bureaus[0]!.supervisor;
    const api = createApi({
      repo: createRepository({ doc: apiCounting.doc, tableName }),
      tokens: tokenStoreFromJson({ tokens: [{ office, sha256: hashToken("gdm_actions") }] }),
      log: () => {},
    });
    const bureauId = registry.bureaus[0]!.id;
    for (const path of ["/findings", "/bureaus", `/bureaus/${bureauId}`, `/bureaus/${bureauId}/findings`]) {
      const res = await api({
        method: "GET",
        path,
        query: {},
        headers: { authorization: "Bearer gdm_actions" },
      });
      expect(res.status, path).toBe(200);
    }
    const apiActions = actionsOf(apiCounting);
    expect(apiActions).toContain("dynamodb:BatchGetItem");
    expect([...apiActions].filter((a) => !API_TABLE_ACTIONS.includes(a))).toEqual([]);
  }, 240_000);
});
