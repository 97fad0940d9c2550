import { createHash } from "node:crypto";
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import fc from "fast-check";
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

  it("appends new bytes to a pack once, and gives them back with their type, also to another process", async () => {
    const store = new FileSnapshotStore(root);
    expect(await store.put(page, "text/html; charset=utf-8")).toBe(sha);
    expect(await store.put(page, "text/html; charset=utf-8")).toBe(sha);
    const other = new TextEncoder().encode("%PDF-1.7 附件");
    const otherSha = createHash("sha256").update(other).digest("hex");
    await store.put(other, "application/pdf");
    const packs = await readdir(path.join(root, "packs"));
    expect(packs.filter((f) => f.endsWith(".pack"))).toHaveLength(1);
    const pack = packs.find((f) => f.endsWith(".pack"))!;
    expect((await stat(path.join(root, "packs", pack))).size).toBe(page.length + other.length);
    for (const reader of [store, new FileSnapshotStore(root)]) {
      const back = await reader.get(sha);
      expect(Buffer.from(back!.bytes).equals(Buffer.from(page))).toBe(true);
      expect(back?.contentType).toBe("text/html; charset=utf-8");
      expect((await reader.get(otherSha))?.contentType).toBe("application/pdf");
    }
    // A second store (another process) that already looked finds what the first stores later.
    const early = new FileSnapshotStore(root);
    expect(early.keys().sort()).toEqual([sha, otherSha].sort());
    const writer = new FileSnapshotStore(root);
    const late = new TextEncoder().encode("later");
    const lateSha = await writer.put(late, "text/plain");
    expect(new TextDecoder().decode((await early.get(lateSha))!.bytes)).toBe("later");
    expect(await early.put(late, "text/plain")).toBe(lateSha);
    // The same pack grows after `early` read its index: the next look reads on from there.
    const later = new TextEncoder().encode("later still");
    const laterSha = await writer.put(later, "text/plain; charset=utf-8");
    const back = await early.get(laterSha);
    expect(new TextDecoder().decode(back!.bytes)).toBe("later still");
    expect(back?.contentType).toBe("text/plain; charset=utf-8");
    expect((await readdir(path.join(root, "packs"))).filter((f) => f.endsWith(".pack"))).toHaveLength(2);
  });

  it("ignores a half-written index line, and refuses bytes that no longer match their key", async () => {
    const store = new FileSnapshotStore(root);
    await store.put(page, "text/html");
    const idx = (await readdir(path.join(root, "packs"))).find((f) => f.endsWith(".idx"))!;
    // A crash mid-line leaves a line that names no snapshot.
    await appendFile(path.join(root, "packs", idx), `${"f".repeat(64)} 0 1`);
    const reader = new FileSnapshotStore(root);
    expect(await reader.get("f".repeat(64))).toBeUndefined();
    expect(reader.keys()).toEqual([sha]);
    const pack = path.join(root, "packs", idx.replace(/\.idx$/, ".pack"));
    const bytes = await readFile(pack);
    bytes[3] = bytes[3]! ^ 1;
    await writeFile(pack, bytes);
    const after = new FileSnapshotStore(root);
    await expect(after.get(sha)).rejects.toThrow(/damaged/);
    // Once every copy is found damaged, storing the same bytes again stores a good copy.
    expect(await after.put(page, "text/html")).toBe(sha);
    expect(Buffer.from((await new FileSnapshotStore(root).get(sha))!.bytes).equals(Buffer.from(page))).toBe(
      true,
    );
  });

  it("whatever lands in an index file, a read never gives wrong bytes and a look never throws", async () => {
    const store = new FileSnapshotStore(root);
    await store.put(page, "text/html");
    const idx = (await readdir(path.join(root, "packs"))).find((f) => f.endsWith(".idx"))!;
    const clean = await readFile(path.join(root, "packs", idx));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.constantFrom(
              `${sha} 0 5 text%2Fhtml`,
              `${"e".repeat(64)} 99999 3 x`,
              `${sha} 1 9 %E0%A4%A`,
              `${"e".repeat(64)} 0 99999999999999 x`,
            ),
            fc.tuple(fc.nat(), fc.nat()).map(([o, n]) => `${"d".repeat(64)} ${o} ${n} text%2Fplain`),
          ),
          { maxLength: 8 },
        ),
        async (lines) => {
          await writeFile(
            path.join(root, "packs", idx),
            Buffer.concat([clean, Buffer.from(lines.join("\n"))]),
          );
          const reader = new FileSnapshotStore(root);
          expect(reader.keys()).toContain(sha);
          expect(Buffer.from((await reader.get(sha))!.bytes).equals(Buffer.from(page))).toBe(true);
          for (const key of ["e".repeat(64), "d".repeat(64)]) {
            const got = await reader.get(key).catch((error: unknown) => error);
            if (got === undefined) continue;
            expect(got).toBeInstanceOf(SnapshotError); // named but not there: damaged, never other bytes
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("still reads and finds snapshots stored one file each (<aa>/<sha256> and its .type)", async () => {
    await mkdir(path.join(root, sha.slice(0, 2)), { recursive: true });
    await writeFile(path.join(root, sha.slice(0, 2), sha), page);
    await writeFile(path.join(root, sha.slice(0, 2), `${sha}.type`), "text/html; charset=gbk");
    const store = new FileSnapshotStore(root);
    expect((await store.get(sha))?.contentType).toBe("text/html; charset=gbk");
    expect(await store.put(page, "text/html; charset=gbk")).toBe(sha);
    expect(await readdir(root)).toEqual([sha.slice(0, 2)]); // not stored a second time
    expect(store.keys()).toEqual([sha]);
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
