export { FileSnapshotStore } from "./file-snapshot-store.ts";
export { S3SnapshotStore } from "./s3-snapshot-store.ts";
export type { Snapshot, SnapshotStore } from "./snapshot-store.ts";
export { isSnapshotKey, SnapshotError, snapshotKey } from "./snapshot-store.ts";
