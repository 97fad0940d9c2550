// Bureau and office META items: a mirror of the registry, written only when the registry changed. An
// office's item also lists the ids of the bureaus it supervises, so the API can list them by one read.

import { createHash } from "node:crypto";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Bureau, Office, Registry } from "../domain/registry.ts";
import { batchGet, batchPut } from "./batch-requests.ts";
import { plain, type StoreContext, sameData, stableStringify } from "./dynamo-helpers.ts";
import { bureauPk, META, officePk } from "./table-schema.ts";

export function directoryStore(ctx: StoreContext) {
  async function getMeta(pk: string): Promise<Record<string, unknown> | undefined> {
    const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: { PK: pk, SK: META } }));
    return out.Item as Record<string, unknown> | undefined;
  }

  /** Returns true when it wrote (new or changed), false when the stored copy was already identical. */
  async function putMeta(pk: string, kind: "bureau" | "office", data: Bureau | Office): Promise<boolean> {
    const value = plain(data);
    const stored = await getMeta(pk);
    if (stored && sameData(stored.data, value)) return false;
    await ctx.doc.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: { PK: pk, SK: META, kind, id: data.id, data: value },
      }),
    );
    return true;
  }

  const DIRECTORY = { PK: "DIRECTORY", SK: META };
  /** The mirror items' layout: a new one makes the next sync compare (and fix) every item once. */
  const LAYOUT = 2;

  return {
    /**
     * Mirrors the registry's offices and bureaus. One read when nothing changed since the last cycle
     * (a fingerprint of the whole directory), instead of one per entry.
     */
    async syncDirectory(registry: Pick<Registry, "offices" | "bureaus">): Promise<boolean> {
      const fingerprint = createHash("sha256")
        .update(stableStringify({ layout: LAYOUT, offices: registry.offices, bureaus: registry.bureaus }))
        .digest("hex");
      const out = await ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: DIRECTORY }));
      if (out.Item?.fingerprint === fingerprint) return false;
      // The registry changed: read every mirror item in batches and write back only the changed ones.
      const supervised = new Map<string, string[]>();
      for (const b of registry.bureaus) {
        const ids = supervised.get(b.supervisor);
        if (ids) ids.push(b.id);
        else supervised.set(b.supervisor, [b.id]);
      }
      const wanted = [
        ...registry.offices.map((o) => ({
          PK: officePk(o.id),
          kind: "office" as const,
          data: o,
          bureauIds: (supervised.get(o.id) ?? []).sort(),
        })),
        ...registry.bureaus.map((b) => ({ PK: bureauPk(b.id), kind: "bureau" as const, data: b })),
      ];
      const keys = wanted.map(({ PK }) => ({ PK, SK: META }));
      const stored = new Map((await batchGet(ctx, keys)).map((item) => [item.PK, item]));
      const changed = wanted
        .map(({ PK, kind, data, ...rest }) => ({
          PK,
          SK: META,
          kind,
          id: data.id,
          data: plain(data),
          ...rest,
        }))
        .filter((item) => {
          const before = stored.get(item.PK);
          return !(
            before &&
            sameData(before.data, item.data) &&
            ("bureauIds" in item ? sameData(before.bureauIds, item.bureauIds) : true)
          );
        });
      await batchPut(ctx, changed);
      await ctx.doc.send(
        new PutCommand({ TableName: ctx.tableName, Item: { ...DIRECTORY, kind: "directory", fingerprint } }),
      );
      return true;
    },
    putBureau: (bureau: Bureau) => putMeta(bureauPk(bureau.id), "bureau", bureau),
    putOffice: (office: Office) => putMeta(officePk(office.id), "office", office),
    async getBureau(id: string): Promise<Bureau | undefined> {
      return (await getMeta(bureauPk(id)))?.data as Bureau | undefined;
    },
    async getOffice(id: string): Promise<Office | undefined> {
      return (await getMeta(officePk(id)))?.data as Office | undefined;
    },
    /**
     * The ids of the bureaus an office supervises, as the last directory sync wrote them; undefined for
     * an unknown office, or one whose item was written before items listed them (the next sync does).
     */
    async getOfficeBureauIds(id: string): Promise<string[] | undefined> {
      const ids = (await getMeta(officePk(id)))?.bureauIds;
      return Array.isArray(ids) ? ids.map(String) : undefined;
    },
    /** Bureaus by id, in batches of 100; ids not in the mirror are left out. */
    async getBureaus(ids: readonly string[]): Promise<Bureau[]> {
      const items = await batchGet(
        ctx,
        ids.map((id) => ({ PK: bureauPk(id), SK: META })),
      );
      return items.map((item) => item.data as Bureau);
    },
  };
}
