// Snapshots in S3 (key = `snapshots/<aa>/<sha256>`). The client is injected, like the DynamoDB one.
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  type Snapshot,
  SnapshotError,
  type SnapshotStore,
  snapshotKey,
  snapshotPath,
} from "./snapshot-store.ts";

const PREFIX = "snapshots/";

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

export class S3SnapshotStore implements SnapshotStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(bytes: Uint8Array, contentType: string): Promise<string> {
    const key = snapshotKey(bytes);
    try {
      // If-None-Match: the same bytes are never uploaded twice, and a concurrent writer loses harmlessly.
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: PREFIX + snapshotPath(key),
          Body: bytes,
          ContentType: contentType,
          IfNoneMatch: "*",
        }),
      );
    } catch (error) {
      const status = statusOf(error);
      // 412: already stored (content-addressed, so identical); 409: a concurrent put of the same key.
      if (status !== 412 && status !== 409) {
        throw new SnapshotError(`could not store snapshot ${key}`, {
          cause: error,
          retryable: (status ?? 500) >= 500,
        });
      }
    }
    return key;
  }

  async get(key: string): Promise<Snapshot | undefined> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: PREFIX + snapshotPath(key) }),
      );
      const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      return { bytes, contentType: out.ContentType ?? "application/octet-stream" };
    } catch (error) {
      if (statusOf(error) === 404 || (error as Error).name === "NoSuchKey") return undefined;
      throw new SnapshotError(`could not read snapshot ${key}`, { cause: error });
    }
  }
}
