// Bureau and office META items: a mirror of the registry, written only when the registry changed.
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Bureau, Office } from "../domain/registry.ts";
import { plain, type StoreContext, sameData } from "./dynamo-helpers.ts";
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

  return {
    putBureau: (bureau: Bureau) => putMeta(bureauPk(bureau.id), "bureau", bureau),
    putOffice: (office: Office) => putMeta(officePk(office.id), "office", office),
    async getBureau(id: string): Promise<Bureau | undefined> {
      return (await getMeta(bureauPk(id)))?.data as Bureau | undefined;
    },
    async getOffice(id: string): Promise<Office | undefined> {
      return (await getMeta(officePk(id)))?.data as Office | undefined;
    },
  };
}
