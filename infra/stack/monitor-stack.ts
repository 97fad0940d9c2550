// The AWS deployment (DESIGN §2): schedule → schedule Lambda → SQS (+ DLQ) → crawl Lambda → DynamoDB + S3;
// HTTP API → API Lambda (read-only) for the offices (DESIGN §5).
import { CfnOutput, Duration, Stack, type StackProps, TimeZone } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as targets from "aws-cdk-lib/aws-scheduler-targets";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { FindingsApi } from "./findings-api.ts";
import { MailSender } from "./mail-sender.ts";
import { LAMBDA_TASK_ROOT, MonitorFunction } from "./monitor-function.ts";
import { Storage } from "./storage.ts";

export interface MonitorStackProps extends StackProps {
  /** Key of the registry JSON in the snapshot bucket (uploaded by the operator). */
  registryKey?: string;
  /** When the daily cycle starts, China time. */
  schedule?: { hour: number; minute: number };
  tableName?: string;
  retainData?: boolean;
  /** Sender of the alerts and digests (with SES, its domain or address must be an SES identity). */
  alertFrom?: string;
  /**
   * Name or complete ARN of a Secrets Manager secret holding an SMTP relay's settings
   * (`{"host", "port", "secure", "user", "pass"}`): mail goes through it instead of SES, which the AWS China
   * regions do not offer. The functions may read that secret and nothing of SES.
   */
  smtpSecret?: string;
  /** How often the outbox is drained (minutes). */
  dispatchEveryMinutes?: number;
  /** When the weekly digests go out, China time (default Monday 08:00), covering the week just ended. */
  digestAt?: { weekDay: "MON" | "TUE" | "WED" | "THU" | "FRI" | "SAT" | "SUN"; hour: number; minute: number };
  /** Key of the office API tokens file (hashes only) in the snapshot bucket, uploaded by the operator. */
  apiTokensKey?: string;
  /**
   * How the findings API authenticates offices: "token" (bearer tokens, the default) or "iam" (SigV4,
   * each office an IAM principal; what the AWS China regions serve without an ICP licence).
   */
  apiAuth?: string;
}

/** What the crawl Lambda does to the table (shared/store): nothing else is granted. */
export const CRAWL_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:Query",
  // A bureau's new report versions and the crawler's validators, 25 per request (shared/store/).
  "dynamodb:BatchWriteItem",
];
/** The schedule function mirrors the registry (syncDirectory: one GetItem when unchanged, batches when not). */
export const SCHEDULE_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:PutItem",
];
/** The outbox dispatcher lists pending alerts (GSI1) and claims / marks them: nothing else. */
export const DISPATCH_TABLE_ACTIONS = ["dynamodb:Query", "dynamodb:UpdateItem"];
/**
 * The digest sender reads an office's findings (GSI1) and its bureaus' coverage (one batch per 100), and
 * claims / marks its digest record: nothing else.
 */
export const DIGEST_TABLE_ACTIONS = ["dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:UpdateItem"];
export const DIGEST_TIMEOUT = Duration.minutes(15);
export const CRAWL_TIMEOUT = Duration.minutes(10);
/** AWS guidance for SQS-fed functions: visibility ≥ 6 × function timeout, so retries never overlap. */
export const CRAWL_VISIBILITY = Duration.minutes(CRAWL_TIMEOUT.toMinutes() * 6);
export const MAX_RECEIVE_COUNT = 3;
/** Bureaus per crawl invocation: more overlap saves more, but one slow site delays its batch-mates. */
export const CRAWL_BATCH_SIZE = 5;
export const SNAPSHOT_PREFIX = "snapshots/";

/**
 * Invokes a function with the time it was scheduled for (`{ "scheduledAt": … }`), so a retried
 * invocation does the same work as the first: the same cycle, the same week.
 */
function invokeAtScheduledTime(fn: lambda.IFunction): targets.LambdaInvoke {
  return new targets.LambdaInvoke(fn, {
    input: scheduler.ScheduleTargetInput.fromObject({
      scheduledAt: scheduler.ContextAttribute.scheduledTime,
    }),
    retryAttempts: 2,
  });
}

export class MonitorStack extends Stack {
  constructor(scope: Construct, id: string, props: MonitorStackProps = {}) {
    super(scope, id, props);
    const registryKey = props.registryKey ?? "config/registry.json";
    const storage = new Storage(this, "Storage", { tableName: props.tableName, retain: props.retainData });
    const { table, bucket } = storage;

    const deadLetters = new sqs.Queue(this, "CrawlDeadLetters", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const queue = new sqs.Queue(this, "CrawlQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: CRAWL_VISIBILITY,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    const crawl = new MonitorFunction(this, "Crawl", {
      entry: "functions/crawl/handler.ts",
      description: "Crawls one bureau, checks its reports, stores findings and alerts",
      memorySize: 1536, // PDF parsing
      timeout: CRAWL_TIMEOUT,
      environment: {
        TABLE_NAME: table.tableName,
        BUCKET_NAME: bucket.bucketName,
        // Chinese PDFs need pdfjs' CMaps; the bundle carries them (see copyIntoBundle).
        PDFJS_DIST_DIR: `${LAMBDA_TASK_ROOT}/pdfjs-dist`,
      },
      copyIntoBundle: [
        { from: "node_modules/pdfjs-dist/cmaps", to: "pdfjs-dist/cmaps" },
        { from: "node_modules/pdfjs-dist/standard_fonts", to: "pdfjs-dist/standard_fonts" },
      ],
    }).fn;
    // A few bureaus per invocation, worked on at once and sharing one host pacer (functions/crawl): their
    // polite waits overlap, so the billed time is about one bureau's. A few invocations in parallel.
    crawl.addEventSource(
      new SqsEventSource(queue, {
        batchSize: CRAWL_BATCH_SIZE,
        maxConcurrency: 5,
        reportBatchItemFailures: true,
      }),
    );
    table.grant(crawl, ...CRAWL_TABLE_ACTIONS);
    crawl.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["s3:GetObject", "s3:PutObject"],
        resources: [bucket.arnForObjects(`${SNAPSHOT_PREFIX}*`)],
      }),
    );
    // Without ListBucket a missing snapshot reads as 403 instead of 404.
    crawl.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["s3:ListBucket"],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { "s3:prefix": [`${SNAPSHOT_PREFIX}*`] } },
      }),
    );

    const enqueue = new MonitorFunction(this, "Schedule", {
      entry: "functions/schedule/handler.ts",
      description: "Mirrors the registry into the table and enqueues one crawl message per bureau",
      timeout: Duration.minutes(1),
      environment: {
        QUEUE_URL: queue.queueUrl,
        BUCKET_NAME: bucket.bucketName,
        REGISTRY: registryKey,
        TABLE_NAME: table.tableName,
      },
    }).fn;
    queue.grantSendMessages(enqueue);
    enqueue.addToRolePolicy(
      new iam.PolicyStatement({ actions: SCHEDULE_TABLE_ACTIONS, resources: [table.tableArn] }),
    );
    enqueue.addToRolePolicy(
      new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [bucket.arnForObjects(registryKey)] }),
    );

    const at = props.schedule ?? { hour: 2, minute: 0 };
    new scheduler.Schedule(this, "DailyCycle", {
      description: "Daily monitoring cycle",
      schedule: scheduler.ScheduleExpression.cron({
        minute: String(at.minute),
        hour: String(at.hour),
        timeZone: TimeZone.ASIA_SHANGHAI,
      }),
      target: invokeAtScheduledTime(enqueue),
    });

    const sender = new MailSender(this, "Mail", {
      from: props.alertFrom ?? "monitor@example.gov.cn",
      ...(props.smtpSecret ? { smtpSecret: props.smtpSecret } : {}),
    });
    /** A function that e-mails the offices: the table actions it needs, the registry, the sender. */
    const mailer = (
      id: string,
      entry: string,
      description: string,
      tableActions: string[],
      timeout: Duration,
    ) => {
      const fn = new MonitorFunction(this, id, {
        entry,
        description,
        timeout,
        environment: {
          TABLE_NAME: table.tableName,
          BUCKET_NAME: bucket.bucketName,
          REGISTRY: registryKey,
          ...sender.environment,
        },
      }).fn;
      table.grant(fn, ...tableActions);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ["s3:GetObject"],
          resources: [bucket.arnForObjects(registryKey)],
        }),
      );
      sender.grantSend(fn);
      return fn;
    };
    const dispatch = mailer(
      "Dispatch",
      "functions/dispatch/handler.ts",
      `Sends pending alert e-mails of the outbox through ${sender.via}`,
      DISPATCH_TABLE_ACTIONS,
      Duration.minutes(2),
    );
    new scheduler.Schedule(this, "OutboxDispatch", {
      description: "Drains the alert outbox",
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(props.dispatchEveryMinutes ?? 15)),
      target: new targets.LambdaInvoke(dispatch, { retryAttempts: 0 }),
    });

    const digest = mailer(
      "Digest",
      "functions/digest/handler.ts",
      "Sends each office the weekly digest of the week just ended, once",
      DIGEST_TABLE_ACTIONS,
      // Every office's digest in one run (four at a time); it stops starting offices a minute before the
      // end, and the retry sends the rest.
      DIGEST_TIMEOUT,
    );
    const digestAt = props.digestAt ?? { weekDay: "MON", hour: 8, minute: 0 };
    new scheduler.Schedule(this, "WeeklyDigest", {
      description: "Weekly digest per office",
      schedule: scheduler.ScheduleExpression.cron({
        minute: String(digestAt.minute),
        hour: String(digestAt.hour),
        weekDay: digestAt.weekDay,
        timeZone: TimeZone.ASIA_SHANGHAI,
      }),
      // Retries are safe: each office's digest is claimed before it is sent.
      target: invokeAtScheduledTime(digest),
    });

    const apiAuth = props.apiAuth ?? "token";
    if (apiAuth !== "token" && apiAuth !== "iam")
      throw new Error(`apiAuth must be "token" or "iam", not ${JSON.stringify(apiAuth)}`);
    const findingsApi = new FindingsApi(this, "FindingsApi", {
      table,
      bucket,
      tokensKey: props.apiTokensKey ?? "config/api-tokens.json",
      auth: apiAuth,
    });
    new CfnOutput(this, "ApiUrl", { value: findingsApi.api.apiEndpoint });
    if (findingsApi.readersPolicy)
      new CfnOutput(this, "ApiReadersPolicyArn", { value: findingsApi.readersPolicy.managedPolicyArn });
  }
}
