import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileSnapshotStore, S3SnapshotStore, SnapshotError } from "../../shared/snapshots/index.ts";

const page = new TextEncoder().encode("<html><body>南京市统计局2023年政府信息公开工作年度报告</body></html>");
const sha = createHash("sha256").update(page).digest("hex");

describe("FileSnapshotStore", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "gdm-snap-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("stores bytes under <aa>/<sha256>, once, and gives them back with their type", async () => {
    const store = new FileSnapshotStore(root);
    expect(await store.put(page, "text/html; charset=utf-8")).toBe(sha);
    expect(await store.put(page, "text/html; charset=utf-8")).toBe(sha);
    expect((await readdir(path.join(root, sha.slice(0, 2)))).sort()).toEqual([sha, `${sha}.type`]);
    const back = await store.get(sha);
    expect(Buffer.from(back!.bytes).equals(Buffer.from(page))).toBe(true);
    expect(back?.contentType).toBe("text/html; charset=utf-8");
  });

  it("answers undefined for an unknown key and refuses anything that is not a sha256", async () => {
    const store = new FileSnapshotStore(root);
    expect(await store.get("0".repeat(64))).toBeUndefined();
    await expect(store.get("../../etc/passwd")).rejects.toBeInstanceOf(SnapshotError);
  });
});

/** A stand-in S3 that behaves like the real one for the two calls used (incl. If-None-Match → 412). */
function fakeS3() {
  const objects = new Map<string, { body: Uint8Array; type?: string }>();
  let puts = 0;
  const s3 = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      const { Key, Body, ContentType, IfNoneMatch } = command.input as {
        Key: string;
        Body?: Uint8Array;
        ContentType?: string;
        IfNoneMatch?: string;
      };
      if (command.constructor.name === "PutObjectCommand") {
        if (IfNoneMatch === "*" && objects.has(Key))
          throw Object.assign(new Error("PreconditionFailed"), { $metadata: { httpStatusCode: 412 } });
        puts++;
        objects.set(Key, { body: Body!, type: ContentType });
        return {};
      }
      const found = objects.get(Key);
      if (!found)
        throw Object.assign(new Error("NoSuchKey"), {
          name: "NoSuchKey",
          $metadata: { httpStatusCode: 404 },
        });
      return { Body: { transformToByteArray: async () => found.body }, ContentType: found.type };
    },
  };
  return { s3: s3 as unknown as S3Client, objects, puts: () => puts };
}

describe("S3SnapshotStore", () => {
  it("uploads content-addressed objects once and reads them back", async () => {
    const fake = fakeS3();
    const store = new S3SnapshotStore(fake.s3, "bucket");
    expect(await store.put(page, "text/html")).toBe(sha);
    expect(await store.put(page, "text/html")).toBe(sha);
    expect(fake.puts()).toBe(1);
    expect([...fake.objects.keys()]).toEqual([`snapshots/${sha.slice(0, 2)}/${sha}`]);
    expect((await store.get(sha))?.contentType).toBe("text/html");
    expect(await store.get("f".repeat(64))).toBeUndefined();
  });
});
