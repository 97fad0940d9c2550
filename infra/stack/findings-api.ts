// The findings API in AWS (DESIGN §5 `serve`): HTTP API → API Lambda, read-only on the table.
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpIamAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { MonitorFunction } from "./monitor-function.ts";

/** All the API does to the table (shared/api reads findings, bureaus, their coverage and report versions). */
export const API_TABLE_ACTIONS = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"];
/** The routes of shared/api/create-api.ts; anything else is refused by API Gateway itself. */
export const API_ROUTES = [
  "/health",
  "/rules",
  "/findings",
  "/bureaus",
  "/bureaus/{id}",
  "/bureaus/{id}/findings",
];
/** Per-stage limits: the API serves a few dozen offices, not the public. */
export const API_THROTTLE = { rateLimit: 20, burstLimit: 40 };

/** HTTP API context variables (the REST API's standard fields are not all defined for HTTP APIs). */
const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  routeKey: "$context.routeKey",
  path: "$context.path",
  status: "$context.status",
  responseLength: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationError: "$context.integrationErrorMessage",
};

export interface FindingsApiProps {
  table: dynamodb.ITableV2;
  bucket: s3.IBucket;
  /** Key of the hashed-tokens JSON in the bucket. */
  tokensKey: string;
  /**
   * "iam": every route is authorised by IAM (SigV4), and the office is the caller's principal, mapped by
   * the tokens file's `principals`. In the AWS China regions API Gateway serves other APIs only for an
   * account with an ICP licence. Default "token": bearer tokens checked by the function.
   */
  auth?: "token" | "iam";
}

/** What an office's IAM principal is given in "iam" mode: calling the API's read routes, nothing else. */
export const API_INVOKE_METHODS = ["GET", "HEAD"] as const;

export class FindingsApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly fn: MonitorFunction["fn"];
  /** In "iam" mode: the policy to attach to each office's IAM users or roles. */
  readonly readersPolicy?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: FindingsApiProps) {
    super(scope, id);
    this.fn = new MonitorFunction(this, "Handler", {
      entry: "functions/api/handler.ts",
      description: "Findings API for supervising offices (read-only)",
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: props.table.tableName,
        BUCKET_NAME: props.bucket.bucketName,
        TOKENS: props.tokensKey,
        API_AUTH: props.auth ?? "token",
      },
    }).fn;
    // Explicit statements rather than table.grantReadData(): that would add Scan, BatchGetItem, streams…
    const tableArn = props.table.tableArn;
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: API_TABLE_ACTIONS, resources: [tableArn, `${tableArn}/index/*`] }),
    );
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["s3:GetObject"],
        resources: [props.bucket.arnForObjects(props.tokensKey)],
      }),
    );

    this.api = new apigw.HttpApi(this, "Http", {
      description: "Findings API of the disclosure-report monitor",
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api.addStage("Stage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const integration = new HttpLambdaIntegration("Lambda", this.fn, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    const authorizer = props.auth === "iam" ? new HttpIamAuthorizer() : undefined;
    for (const path of API_ROUTES)
      this.api.addRoutes({
        path,
        methods: [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD],
        integration,
        ...(authorizer ? { authorizer } : {}),
      });
    if (authorizer) {
      this.readersPolicy = new iam.ManagedPolicy(this, "Readers", {
        description: "Read the findings API of the disclosure-report monitor (attach to offices' principals)",
        statements: [
          new iam.PolicyStatement({
            actions: ["execute-api:Invoke"],
            resources: API_INVOKE_METHODS.map((method) => this.api.arnForExecuteApi(method, "/*", "*")),
          }),
        ],
      });
    }
  }
}
