// CDK assertions on the synthesised template. Bundling is skipped here through the CDK's own switch
// ("aws:cdk:bundling-stacks": [], what `cdk synth --exclusively` uses): the constructs, props and IAM are
// exactly those of a real synth, only esbuild is not run, so this test does not depend on every module of
// the crawl function's import graph being complete. `npx cdk synth --quiet` does the real bundling.
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { DIGEST_TIME_RESERVE_MS } from "../../functions/digest/handler.ts";
import {
  CRAWL_TABLE_ACTIONS,
  DIGEST_TABLE_ACTIONS,
  DIGEST_TIMEOUT,
  DISPATCH_TABLE_ACTIONS,
  MAX_RECEIVE_COUNT,
  SCHEDULE_TABLE_ACTIONS,
} from "../../infra/stack/monitor-stack.ts";
import { createTableInput, DEFAULT_TABLE_NAME } from "../../shared/store/table-schema.ts";
import { type Json, synthForTest } from "./synth-for-test.ts";

let template: Template;
let resources: Record<string, Json>;

beforeAll(() => {
  ({ template, resources } = synthForTest("TestMonitor", { alertFrom: "monitor@zwgk.example.gov.cn" }));
});

function ofType(type: string): [string, Json][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}
const props = (r: Json) => r.Properties as Json;

function functionByEntryEnv(envKey: string): [string, Json] {
  const found = ofType("AWS::Lambda::Function").find(([, r]) => {
    const vars = ((props(r).Environment as Json | undefined)?.Variables ?? {}) as Json;
    return envKey in vars;
  });
  if (!found) throw new Error(`no function with ${envKey}`);
  return found;
}

function functionByDescription(pattern: RegExp): [string, Json] {
  const found = ofType("AWS::Lambda::Function").find(([, r]) => pattern.test(String(props(r).Description)));
  if (!found) throw new Error(`no function described as ${pattern}`);
  return found;
}

/** Every IAM statement that applies to the role of the given function. */
function statementsOf(fn: Json): Json[] {
  const roleId = ((props(fn).Role as Json)["Fn::GetAtt"] as string[])[0];
  return ofType("AWS::IAM::Policy")
    .filter(([, p]) => (props(p).Roles as Json[]).some((r) => (r as Json).Ref === roleId))
    .flatMap(([, p]) => (props(p).PolicyDocument as Json).Statement as Json[]);
}
const actionsOf = (s: Json) => ([] as string[]).concat(s.Action as string | string[]);
const resourcesOf = (s: Json) => JSON.stringify(s.Resource);
const tableId = () => ofType("AWS::DynamoDB::GlobalTable")[0]![0];

describe("functions", () => {
  it("run Node 22 on arm64 with bounded logs and ESM bundles", () => {
    const fns = ofType("AWS::Lambda::Function");
    expect(fns).toHaveLength(5);
    for (const [, fn] of fns) {
      expect(props(fn)).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
      });
      expect(JSON.stringify(props(fn).LoggingConfig)).toContain("LogGroup");
    }
    for (const [, group] of ofType("AWS::Logs::LogGroup")) expect(props(group).RetentionInDays).toBe(30);
  });

  it("run on x86_64 where the deployment asks (a region without arm64 Lambda), and refuse anything else", () => {
    const x86 = synthForTest("X86Monitor", {}, { lambdaArchitecture: "x86_64" });
    const fns = Object.values(x86.resources).filter((r) => r.Type === "AWS::Lambda::Function");
    expect(fns).toHaveLength(5);
    for (const fn of fns) expect(props(fn).Architectures).toEqual(["x86_64"]);
    expect(() => synthForTest("BadArch", {}, { lambdaArchitecture: "arm" })).toThrow(
      /lambdaArchitecture must be "arm64" or "x86_64", not "arm"/,
    );
  });

  it("are traced by X-Ray, except in the China regions, which offer no X-Ray for Lambda", () => {
    // This stack is synthesized for cn-north-1 (synth-for-test.ts): no tracing, and no X-Ray grant.
    for (const [, fn] of ofType("AWS::Lambda::Function")) {
      expect(props(fn).TracingConfig).toBeUndefined();
      expect(
        statementsOf(fn)
          .flatMap(actionsOf)
          .filter((a) => a.startsWith("xray:")),
      ).toEqual([]);
    }
    const hongKong = synthForTest("TracedMonitor", { env: { account: "123456789012", region: "ap-east-1" } });
    const traced = Object.values(hongKong.resources).filter((r) => r.Type === "AWS::Lambda::Function");
    expect(traced).toHaveLength(5);
    for (const fn of traced) expect(props(fn).TracingConfig).toEqual({ Mode: "Active" });
  });

  it("the crawl function is fed by the queue, a few bureaus per batch, with partial batch failures", () => {
    const [crawlId] = functionByEntryEnv("PDFJS_DIST_DIR");
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: crawlId },
      // Small batches: a slow site delays only its batch-mates, and a failed one returns alone.
      BatchSize: 5,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });
});

describe("queue", () => {
  it("has an encrypted DLQ after a bounded number of receives, and a visibility ≥ 6 × the function timeout", () => {
    const [, crawl] = functionByEntryEnv("PDFJS_DIST_DIR");
    const queues = ofType("AWS::SQS::Queue");
    const main = queues.find(([, q]) => props(q).RedrivePolicy);
    const dlq = queues.find(([, q]) => !props(q).RedrivePolicy);
    expect(main && dlq).toBeTruthy();
    const redrive = props(main![1]).RedrivePolicy as Json;
    expect(redrive.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    expect(redrive.maxReceiveCount).toBeGreaterThan(1);
    expect(redrive.deadLetterTargetArn).toEqual({ "Fn::GetAtt": [dlq![0], "Arn"] });
    expect(props(main![1]).VisibilityTimeout as number).toBeGreaterThanOrEqual(
      6 * (props(crawl).Timeout as number),
    );
    for (const [, q] of queues) expect(props(q).SqsManagedSseEnabled).toBe(true);
    template.resourceCountIs("AWS::SQS::QueuePolicy", 2); // enforceSSL on both
  });
});

describe("storage", () => {
  it("the table is the one of table-schema, with PITR and encryption at rest", () => {
    const expected = createTableInput();
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      TableName: DEFAULT_TABLE_NAME,
      BillingMode: expected.BillingMode,
      KeySchema: expected.KeySchema,
      AttributeDefinitions: Match.arrayEquals(expected.AttributeDefinitions),
      GlobalSecondaryIndexes: expected.GlobalSecondaryIndexes.map((g) =>
        Match.objectLike({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection }),
      ),
      // AWS-managed key: KMS encryption without a customer key id (see infra/stack/storage.ts for why).
      SSESpecification: { SSEEnabled: true, SSEType: "KMS", KMSMasterKeyId: Match.absent() },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });

  it("the snapshot bucket is private, encrypted, versioned and TLS-only", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: "Enabled" },
    });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });
});

describe("least privilege", () => {
  it("no statement anywhere grants a wildcard action", () => {
    const all = ofType("AWS::IAM::Policy").flatMap(
      ([, p]) => (props(p).PolicyDocument as Json).Statement as Json[],
    );
    for (const s of all) for (const a of actionsOf(s)) expect(a === "*" || a.endsWith(":*")).toBe(false);
  });

  it("the crawl function gets exactly the table actions the store uses, and only snapshot objects", () => {
    const [, crawl] = functionByEntryEnv("PDFJS_DIST_DIR");
    const statements = statementsOf(crawl);
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("dynamodb:")));
    expect(dynamo.flatMap(actionsOf).sort()).toEqual([...CRAWL_TABLE_ACTIONS].sort());
    for (const s of dynamo) expect(resourcesOf(s)).toContain(tableId());
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("s3:")));
    expect(s3.flatMap(actionsOf).sort()).toEqual(["s3:GetObject", "s3:ListBucket", "s3:PutObject"]);
    const objectGrant = s3.find((s) => actionsOf(s).includes("s3:PutObject"));
    expect(resourcesOf(objectGrant!)).toContain("/snapshots/*");
    expect(statements.flatMap(actionsOf)).toEqual(
      expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage"]),
    );
    expect(statements.flatMap(actionsOf)).not.toContain("sqs:SendMessage");
  });

  it("the schedule function can only send to the queue, read the registry object and mirror it into the table", () => {
    const [, enqueue] = functionByEntryEnv("QUEUE_URL");
    const actions = statementsOf(enqueue).flatMap(actionsOf);
    expect(actions.filter((a) => a.startsWith("dynamodb:")).sort()).toEqual(
      [...SCHEDULE_TABLE_ACTIONS].sort(),
    );
    const tableGrant = statementsOf(enqueue).find((s) => actionsOf(s).includes("dynamodb:PutItem"));
    // The table itself, not its indexes: the mirror neither queries nor writes anything else.
    expect(JSON.stringify(tableGrant?.Resource)).not.toContain("index");
    expect(actions).toContain("sqs:SendMessage");
    expect(actions).not.toContain("sqs:ReceiveMessage");
    const s3 = statementsOf(enqueue).filter((s) => actionsOf(s).some((a) => a.startsWith("s3:")));
    expect(s3.flatMap(actionsOf)).toEqual(["s3:GetObject"]);
    expect(resourcesOf(s3[0]!)).toContain("/config/registry.json");
  });
});

const mailers = [
  ["alert dispatch", /alert e-mails/, DISPATCH_TABLE_ACTIONS],
  ["weekly digest", /weekly digest/, DIGEST_TABLE_ACTIONS],
] as const;

describe.each(mailers)("%s", (_name, description, tableActions) => {
  it("may only read findings or the outbox, update outbox items, and send as the configured sender", () => {
    const [, fn] = functionByDescription(description);
    const statements = statementsOf(fn);
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("dynamodb:")));
    expect(dynamo.flatMap(actionsOf).sort()).toEqual([...tableActions].sort());
    expect(dynamo.flatMap(actionsOf)).not.toContain("dynamodb:PutItem");
    expect(dynamo.map(resourcesOf).join()).toContain("/index/*"); // alerts and findings are read from GSI1
    const ses = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("ses:")));
    expect(ses).toHaveLength(1);
    expect(ses[0]!.Condition).toEqual({ StringEquals: { "ses:FromAddress": "monitor@zwgk.example.gov.cn" } });
    expect(resourcesOf(ses[0]!)).toContain("identity/zwgk.example.gov.cn");
    expect(resourcesOf(ses[0]!)).not.toContain('"*"');
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("s3:")));
    expect(s3.flatMap(actionsOf)).toEqual(["s3:GetObject"]);
    expect(resourcesOf(s3[0]!)).toContain("/config/registry.json");
  });
});

describe("mail schedules", () => {
  it("drain the alert outbox every 15 minutes", () => {
    const [dispatchId] = functionByDescription(/alert e-mails/);
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(15 minutes)",
      Target: Match.objectLike({ Arn: { "Fn::GetAtt": [dispatchId, "Arn"] } }),
    });
  });

  it("send the digests on Monday 08:00 China time, passing the scheduled time and retrying", () => {
    const [digestId, digest] = functionByDescription(/weekly digest/);
    // Time for every office of a province, the last minute kept back (functions/digest/handler.ts).
    expect(props(digest).Timeout).toBe(DIGEST_TIMEOUT.toSeconds());
    expect(DIGEST_TIMEOUT.toMilliseconds()).toBeGreaterThan(DIGEST_TIME_RESERVE_MS);
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 8 ? * MON *)",
      ScheduleExpressionTimezone: "Asia/Shanghai",
      State: "ENABLED",
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [digestId, "Arn"] },
        Input: Match.stringLikeRegexp("<aws.scheduler.scheduled-time>"),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
      }),
    });
  });
});

describe("schedule", () => {
  it("starts the cycle daily at 02:00 China time, passing the scheduled time", () => {
    const [enqueueId] = functionByEntryEnv("QUEUE_URL");
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 2 * * ? *)",
      ScheduleExpressionTimezone: "Asia/Shanghai",
      State: "ENABLED",
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [enqueueId, "Arn"] },
        Input: Match.stringLikeRegexp("<aws.scheduler.scheduled-time>"),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
      }),
    });
  });
});

describe("sending through an SMTP relay (where SES is not offered: the AWS China regions)", () => {
  const relayed = synthForTest("RelayedMonitor", {
    alertFrom: "monitor@zwgk.example.gov.cn",
    smtpSecret: "gdm/smtp-relay",
  });
  const relayedFns = () =>
    Object.entries(relayed.resources).filter(
      ([, r]) =>
        r.Type === "AWS::Lambda::Function" &&
        /alert e-mails|weekly digest/.test(String(props(r).Description)),
    );
  const policyStatements = (res: Record<string, Json>, fn: Json) => {
    const roleId = ((props(fn).Role as Json)["Fn::GetAtt"] as string[])[0];
    return Object.values(res)
      .filter((p) => p.Type === "AWS::IAM::Policy")
      .filter((p) => (props(p).Roles as Json[]).some((r) => (r as Json).Ref === roleId))
      .flatMap((p) => (props(p).PolicyDocument as Json).Statement as Json[]);
  };

  it("the mailers are told the transport and the secret, and may read that secret and no other", () => {
    const fns = relayedFns();
    expect(fns).toHaveLength(2);
    for (const [, fn] of fns) {
      const vars = ((props(fn).Environment as Json).Variables ?? {}) as Json;
      expect(vars).toMatchObject({
        MAIL_TRANSPORT: "smtp",
        SMTP_SECRET: "gdm/smtp-relay",
        MAIL_FROM: "monitor@zwgk.example.gov.cn",
      });
      const secrets = policyStatements(relayed.resources, fn).filter((s) =>
        actionsOf(s).some((a) => a.startsWith("secretsmanager:")),
      );
      expect(secrets.flatMap(actionsOf).sort()).toEqual([
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
      ]);
      // The secret's ARN in this stack's partition, region and account: its name and the random suffix.
      const resource = resourcesOf(secrets[0]!);
      expect(resource).toContain(":secretsmanager:cn-north-1:123456789012:secret:gdm/smtp-relay-??????");
      expect(resource).toContain("AWS::Partition");
    }
  });

  it("no function may send through SES", () => {
    const all = Object.values(relayed.resources)
      .filter((p) => p.Type === "AWS::IAM::Policy")
      .flatMap((p) => (props(p).PolicyDocument as Json).Statement as Json[]);
    expect(all.flatMap(actionsOf).filter((a) => a.startsWith("ses:"))).toEqual([]);
  });

  it("SES stays the default, with no secret readable", () => {
    for (const [, description] of mailers) {
      const [, fn] = functionByDescription(description);
      expect(((props(fn).Environment as Json).Variables as Json).MAIL_TRANSPORT).toBe("ses");
      expect(
        statementsOf(fn)
          .flatMap(actionsOf)
          .filter((a) => a.startsWith("secretsmanager:")),
      ).toEqual([]);
    }
  });

  it("a secret named by its complete ARN is granted as that ARN", () => {
    const arn = "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:gdm/smtp-AbCdEf";
    const byArn = synthForTest("RelayedByArn", { smtpSecret: arn });
    const fn = Object.values(byArn.resources).find(
      (r) => r.Type === "AWS::Lambda::Function" && /alert e-mails/.test(String(props(r).Description)),
    )!;
    const secrets = policyStatements(byArn.resources, fn).filter((s) =>
      actionsOf(s).some((a) => a.startsWith("secretsmanager:")),
    );
    expect(secrets.map((s) => s.Resource)).toEqual([arn]);
  });
});
