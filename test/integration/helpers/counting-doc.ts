// Wraps a document client so a test can count (and sabotage) the writes the store sends.
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

const WRITE_COMMANDS = new Set([
  "PutCommand",
  "UpdateCommand",
  "DeleteCommand",
  "BatchWriteCommand",
  "TransactWriteCommand",
]);

export interface CountingDoc {
  doc: DynamoDBDocumentClient;
  writes: { command: string; input: Record<string, unknown> }[];
  /** Every command sent (reads too), by name: "GetCommand", "QueryCommand", … */
  requests: string[];
  /** Called before each write; throw from it to simulate a crash at that point. */
  beforeWrite?: (command: string, input: Record<string, unknown>) => void;
}

export function countingDoc(inner: DynamoDBDocumentClient): CountingDoc {
  const state: CountingDoc = { doc: inner, writes: [], requests: [] };
  const send = (
    command: { constructor: { name: string }; input: Record<string, unknown> },
    ...rest: unknown[]
  ) => {
    const name = command.constructor.name;
    state.requests.push(name);
    if (WRITE_COMMANDS.has(name)) {
      state.beforeWrite?.(name, command.input);
      state.writes.push({ command: name, input: command.input });
    }
    return (inner.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
  };
  state.doc = new Proxy(inner, {
    get: (target, prop, receiver) => (prop === "send" ? send : Reflect.get(target, prop, receiver)),
  });
  return state;
}
