// The embedded DynamoDB: dynalite on 127.0.0.1 (ephemeral port), persisted under <dataDir>/dynamodb,
// with the table created from shared/store/table-schema.ts. Same SDK clients as in AWS, local endpoint.
// dynalite runs in a child process (dynalite-child.mjs): its validation and LevelDB work would otherwise
// take a quarter of the cycle's one core.
import { type ChildProcess, fork } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { Agent } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient } from "../../shared/store/sdk-client.ts";
import { createTableInput, DEFAULT_TABLE_NAME } from "../../shared/store/table-schema.ts";

const CHILD_SCRIPT = fileURLToPath(new URL("./dynalite-child.mjs", import.meta.url));
const STOP_GRACE_MS = 10_000;

export interface LocalDynamo {
  endpoint: string;
  tableName: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

export class LocalDynamoError extends Error {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LocalDynamoError";
  }
}

export interface StartDynaliteOptions {
  /** Data lives under <dataDir>/dynamodb. Omit for an in-memory store (tests). */
  dataDir?: string;
  tableName?: string;
}

type ChildMessage = { type: "ready"; port: number } | { type: "error"; message: string };

/** Forks dynalite and resolves with its port once it listens; rejects with its one-line complaint. */
function spawnDynalite(dbPath: string | undefined): { child: ChildProcess; port: Promise<number> } {
  const child = fork(CHILD_SCRIPT, dbPath ? [dbPath] : [], {
    // Plain JS child: none of the parent's loaders (tsx, vitest) or inspector flags.
    execArgv: [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = new Promise<number>((resolve, reject) => {
    child.on("message", (message: ChildMessage) => {
      if (message.type === "ready") resolve(message.port);
      else reject(new LocalDynamoError(message.message));
    });
    child.once("error", (cause) =>
      reject(new LocalDynamoError(`could not start dynalite: ${cause.message}`, { cause })),
    );
    child.once("exit", (code, signal) =>
      reject(new LocalDynamoError(`dynalite exited before it was ready (${signal ?? `code ${code}`})`)),
    );
  });
  return { child, port };
}

const FIXED_AUTHORIZATION =
  "AWS4-HMAC-SHA256 Credential=local/19700101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0";
async function unsignedForDynalite<R extends { headers: Record<string, string> }>(request: R): Promise<R> {
  request.headers.authorization = FIXED_AUTHORIZATION;
  request.headers["x-amz-date"] = "19700101T000000Z";
  return request;
}

/** Asks the child to close LevelDB and exit; kills it if it has not within the grace period. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ type: "stop" });
    else child.kill("SIGTERM");
  });
}

export async function startDynalite(options: StartDynaliteOptions = {}): Promise<LocalDynamo> {
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  let dbPath: string | undefined;
  if (options.dataDir) {
    dbPath = path.join(options.dataDir, "dynamodb");
    await mkdir(dbPath, { recursive: true });
  }
  const { child, port: portReady } = spawnDynalite(dbPath);
  let port: number;
  try {
    port = await portReady;
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  // The embedded stack is the one place Node 20 runs the SDK (Lambdas run Node 22): its end-of-support
  // notice is noise for a local user, unless they asked for it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const endpoint = `http://127.0.0.1:${port}`;
  // Dummy credentials and a fixed signature: dynalite wants a well-formed SigV4 header but never checks
  // it, and hashing every request body is a few per cent of a cycle. Keep-alive sockets, enough of them
  // for a cycle's concurrent writes without opening one per request.
  const { client, doc } = createDocumentClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    signer: { sign: unsignedForDynalite },
    maxAttempts: 3,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 50 }) },
  });

  let stopping: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopping ??= (async () => {
      client.destroy();
      await stopChild(child);
    })();
    return stopping;
  }

  try {
    await ensureTable(client, tableName);
  } catch (cause) {
    await stop().catch(() => {});
    throw new LocalDynamoError(
      `could not open the local table ${tableName}${dbPath ? ` under ${dbPath}` : ""}`,
      { cause },
    );
  }
  return { endpoint, tableName, client, doc, stop };
}

/** Creates the table from table-schema unless it exists, and waits until it is ACTIVE. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof Error && error.name === "ResourceInUseException")) throw error;
  }
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (out.Table?.TableStatus === "ACTIVE") return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new LocalDynamoError(`table ${tableName} did not become ACTIVE`);
}
