// The one way this project builds its DynamoDB document client, in AWS (the Lambdas) and locally.
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * Silent, and WITHOUT an `info` method on purpose: the SDK's logger middleware evaluates
 * `logger.info?.({ input: filter(input), output: filter(output) })`, so with any `info` (even the default
 * no-op) it walks every request and every returned item through its sensitive-data filter: about a
 * quarter of the client's CPU on a partition query. Errors still reach the caller as exceptions.
 */
export const SILENT_SDK_LOGGER = {
  debug() {},
  warn() {},
  error() {},
} as unknown as DynamoDBClientConfig["logger"];

export interface DocumentClients {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

/** The store omits undefined attributes rather than failing on them; the SDK logs nothing. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DocumentClients {
  const client = new DynamoDBClient({ logger: SILENT_SDK_LOGGER, ...config });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, doc };
}
