// THE function defaults: every Lambda of the monitor is a MonitorFunction, so runtime, architecture,
// logging, tracing and bundling are decided once.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DockerImage, Duration, RemovalPolicy, Stack, Token } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export class BundlingSetupError extends Error {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BundlingSetupError";
  }
}

/** esbuild must be the local devDependency: without it the CDK would silently fall back to Docker. */
function assertLocalEsbuild(): void {
  try {
    createRequire(path.join(REPO_ROOT, "package.json")).resolve("esbuild");
  } catch (cause) {
    throw new BundlingSetupError(
      "esbuild is not installed locally (npm ci): Lambda bundling never uses Docker",
      { cause },
    );
  }
}

// ESM bundles may contain CommonJS dependencies that call require(): give them one.
const REQUIRE_SHIM =
  "import { createRequire as __gdmCreateRequire } from 'node:module'; const require = __gdmCreateRequire(import.meta.url);";

export interface MonitorFunctionProps {
  /** Path relative to the repository root, e.g. "functions/crawl/handler.ts". */
  entry: string;
  description: string;
  memorySize?: number;
  timeout?: Duration;
  environment?: Record<string, string>;
  logRetention?: logs.RetentionDays;
  /** Directories (repo-relative) copied next to the bundle, e.g. pdfjs' CMaps; `to` is relative to it. */
  copyIntoBundle?: { from: string; to: string }[];
}

/**
 * X-Ray traces every function, except in the AWS China regions, which do not offer X-Ray for Lambda:
 * there the functions are deployed without it rather than not at all.
 */
export function tracingFor(scope: Construct): lambda.Tracing {
  const region = Stack.of(scope).region;
  return !Token.isUnresolved(region) && region.startsWith("cn-")
    ? lambda.Tracing.DISABLED
    : lambda.Tracing.ACTIVE;
}

/** The context key (`-c lambdaArchitecture=x86_64`) for a region that offers no arm64 Lambda. */
export const ARCHITECTURE_CONTEXT = "lambdaArchitecture";

/**
 * arm64 (cheaper per GB-second), unless the deployment asks for x86_64: the bundles are plain
 * JavaScript, so either runs them.
 */
export function architectureFor(scope: Construct): lambda.Architecture {
  const asked: unknown = scope.node.tryGetContext(ARCHITECTURE_CONTEXT);
  if (asked === undefined || asked === "arm64") return lambda.Architecture.ARM_64;
  if (asked === "x86_64") return lambda.Architecture.X86_64;
  throw new Error(`${ARCHITECTURE_CONTEXT} must be "arm64" or "x86_64", not ${JSON.stringify(asked)}`);
}

/** Where Lambda unpacks the bundle, for paths handed to the code through the environment. */
export const LAMBDA_TASK_ROOT = "/var/task";

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

export class MonitorFunction extends Construct {
  static readonly RUNTIME = lambda.Runtime.NODEJS_22_X;

  readonly fn: NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: MonitorFunctionProps) {
    super(scope, id);
    assertLocalEsbuild();
    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.fn = new NodejsFunction(this, "Function", {
      entry: path.join(REPO_ROOT, props.entry),
      handler: "handler",
      description: props.description,
      runtime: MonitorFunction.RUNTIME,
      architecture: architectureFor(this),
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: tracingFor(this),
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { NODE_OPTIONS: "--enable-source-maps", ...props.environment },
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, "package-lock.json"),
      bundling: {
        format: OutputFormat.ESM,
        target: "node22",
        minify: true,
        sourceMap: true,
        banner: REQUIRE_SHIM,
        mainFields: ["module", "main"],
        // The SDK is pinned in the lockfile and tested at that version: ship it rather than the runtime's.
        bundleAwsSDK: true,
        forceDockerBundling: false,
        // Never build a bundling image: local esbuild is asserted above.
        dockerImage: DockerImage.fromRegistry("local-esbuild-only"),
        inject: [path.join(REPO_ROOT, "functions/polyfills/dom-matrix.ts")],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) =>
            (props.copyIntoBundle ?? []).map(({ from, to }) => {
              const target = path.join(outputDir, to);
              return `mkdir -p ${shellQuote(path.dirname(target))} && cp -R ${shellQuote(path.join(inputDir, from))} ${shellQuote(target)}`;
            }),
        },
      },
    });
  }
}
