// The embedded DynamoDB: dynalite on 127.0.0.1 (ephemeral port), persisted under <dataDir>/dynamodb,
// with the table created from shared/store/table-schema.ts. Same SDK clients as in AWS, local endpoint.
import { mkdir } from "node:fs/promises";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createTableInput, DEFAULT_TABLE_NAME } from "../../shared/store/table-schema.ts";

// dynalite ships no types; this is the part of its API used here (it returns a node:http Server whose
// close() also closes its LevelDB).
type DynaliteFactory = (options: {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;
const dynalite = createRequire(import.meta.url)("dynalite") as DynaliteFactory;

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

export async function startDynalite(options: StartDynaliteOptions = {}): Promise<LocalDynamo> {
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  let dbPath: string | undefined;
  if (options.dataDir) {
    dbPath = path.join(options.dataDir, "dynamodb");
    await mkdir(dbPath, { recursive: true });
  }
  const server = dynalite({ path: dbPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // The embedded stack is the one place Node 20 runs the SDK (Lambdas run Node 22): its end-of-support
  // notice is noise for a local user, unless they asked for it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  // Dummy credentials: dynalite does not check signatures, but the SDK insists on signing.
  const client = new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 3,
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  let stopped = false;
  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    client.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  }

  try {
    await ensureTable(client, tableName);
  } catch (cause) {
    await stop().catch(() => {});
    throw new LocalDynamoError(
      `could not open the local table ${tableName}${dbPath ? ` under ${dbPath} (is another process using it?)` : ""}`,
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
