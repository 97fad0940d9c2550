// Raw snapshots of what was fetched, content-addressed by sha256: storing the same bytes twice is a no-op.
import { createHash } from "node:crypto";

export interface Snapshot {
  bytes: Uint8Array;
  contentType: string;
}

export interface SnapshotStore {
  /** Stores the bytes (once) and returns their key: the lowercase hex sha256 of the bytes. */
  put(bytes: Uint8Array, contentType: string): Promise<string>;
  get(key: string): Promise<Snapshot | undefined>;
}

export class SnapshotError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = "SnapshotError";
    this.retryable = options.retryable ?? true;
  }
}

export function snapshotKey(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const KEY_PATTERN = /^[0-9a-f]{64}$/;

export function isSnapshotKey(name: string): boolean {
  return KEY_PATTERN.test(name);
}

/** Keys come back from the table and the API: anything but a sha256 must never become a path. */
export function assertSnapshotKey(key: string): void {
  if (!isSnapshotKey(key))
    throw new SnapshotError(`not a snapshot key: ${key.slice(0, 80)}`, { retryable: false });
}

/** `<aa>/<sha256>`: a two-character fan-out keeps directories (and S3 prefixes) small. */
export function snapshotPath(key: string): string {
  assertSnapshotKey(key);
  return `${key.slice(0, 2)}/${key}`;
}
