// Parse and validate a registry file; a bad file yields ONE line naming the entry and the field.
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import type { Registry } from "../domain/registry.ts";
import { bureauHosts } from "./bureau-hosts.ts";
import { registrySchema } from "./schema.ts";

export class RegistryError extends Error {
  override readonly name = "RegistryError";
  readonly retryable = false;
  constructor(
    message: string,
    /** Where in the file, e.g. `bureaus[3].supervisor`; empty for the whole file. */
    readonly where: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type PathKey = PropertyKey;

function entryLabel(json: unknown, path: readonly PathKey[]): string {
  let out = "";
  let node: unknown = json;
  for (const key of path) {
    const parent = node;
    node = parent && typeof parent === "object" ? (parent as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === "number") {
      out += `[${key}]`;
      const entryId = node && typeof node === "object" ? (node as { id?: unknown }).id : undefined;
      if (typeof entryId === "string" && entryId !== "") out += ` (id ${JSON.stringify(entryId)})`;
    } else if (/^[A-Za-z_]\w*$/.test(String(key))) {
      out += out === "" ? String(key) : `.${String(key)}`;
    } else {
      out += `[${JSON.stringify(String(key))}]`;
    }
  }
  return out;
}

function fail(json: unknown, path: readonly PathKey[], message: string): never {
  const where = entryLabel(json, path);
  throw new RegistryError(`registry: ${where === "" ? "" : `${where}: `}${message}`, where);
}

function describeIssue(issue: z.core.$ZodIssue): { path: PathKey[]; message: string } {
  const path = [...issue.path];
  switch (issue.code) {
    case "unrecognized_keys": {
      const key = issue.keys[0] ?? "?";
      return { path, message: `unknown field ${JSON.stringify(key)}` };
    }
    case "invalid_type":
      if (issue.message.includes("received undefined")) return { path, message: "is required" };
      return { path, message: `must be ${issue.expected}` };
    case "invalid_key":
      // A record key (a host in "resolve"): name the key and say what is wrong with it.
      return { path, message: issue.issues[0]?.message ?? "is not a valid key" };
    case "invalid_value":
      return { path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` };
    default:
      return { path, message: issue.message };
  }
}

function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase();
}

function checkReferences(registry: Registry, json: unknown): void {
  const officeIds = new Set<string>();
  registry.offices.forEach((office, i) => {
    if (officeIds.has(office.id))
      fail(json, ["offices", i, "id"], `duplicate office id ${JSON.stringify(office.id)}`);
    officeIds.add(office.id);
  });
  const bureauIds = new Set<string>();
  registry.bureaus.forEach((bureau, i) => {
    if (bureauIds.has(bureau.id))
      fail(json, ["bureaus", i, "id"], `duplicate bureau id ${JSON.stringify(bureau.id)}`);
    bureauIds.add(bureau.id);
    if (!officeIds.has(bureau.supervisor)) {
      fail(json, ["bureaus", i, "supervisor"], `unknown office ${JSON.stringify(bureau.supervisor)}`);
    }
    const allowed = bureauHosts(bureau);
    bureau.listings.forEach((listing, j) => {
      const host = hostOf(listing);
      if (!allowed.has(host)) {
        fail(
          json,
          ["bureaus", i, "listings", j],
          `host "${host}" is neither the site's host (nor its www. twin) nor listed in "hosts"`,
        );
      }
    });
  });
}

/** Validate already-parsed JSON. Throws RegistryError. */
export function parseRegistry(json: unknown): Registry {
  const result = registrySchema.safeParse(json);
  if (!result.success) {
    const first = result.error.issues[0];
    if (!first) fail(json, [], "invalid");
    const { path, message } = describeIssue(first);
    fail(json, path, message);
  }
  const registry: Registry = result.data;
  checkReferences(registry, json);
  return registry;
}

export async function loadRegistry(path: string): Promise<Registry> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new RegistryError(`registry: cannot read ${path}: ${(error as Error).message}`, "", {
      cause: error,
    });
  }
  let json: unknown;
  try {
    // Editors on Windows save a byte-order mark that JSON.parse rejects.
    json = JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
  } catch (error) {
    throw new RegistryError(`registry: ${path} is not valid JSON: ${(error as Error).message}`, "", {
      cause: error,
    });
  }
  return parseRegistry(json);
}
