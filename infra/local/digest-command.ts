// `gdm digest --office ID [--week YYYY-MM-DD]` (DESIGN §5): renders that office's weekly digest (HTML +
// text, one RFC 5322 message) from the embedded store into <data>/outbox, replacing an earlier rendering of
// the same office and week. Exit 0 when written, 2 on bad usage, 1 when it cannot be made.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Registry } from "../../shared/domain/registry.ts";
import { type DigestWeek, weekContaining, weekNamed } from "../../shared/mail/digest-content.ts";
import { makeOfficeDigest } from "../../shared/mail/digest-send.ts";
import { DEFAULT_FROM, FileOutboxTransport } from "../../shared/mail/index.ts";
import { loadRegistry } from "../../shared/registry/index.ts";
import { chinaToday } from "../../shared/rules/deadline.ts";
import { sampleRegistry } from "./sites/registry.ts";
import { startLocalStack } from "./stack.ts";

export const DIGEST_USAGE =
  "digest --office ID [--week YYYY-MM-DD] [--data DIR] [--registry FILE] [--json]   an office's weekly digest (Monday–Sunday containing --week; default this week) into <data>/outbox";

export interface DigestIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now?: () => Date;
}

class DigestUsageError extends Error {}

interface DigestArgs {
  officeId: string;
  week: DigestWeek;
  dataDir: string;
  registryFile?: string;
  json: boolean;
}

function parse(argv: string[], now: Date): DigestArgs {
  let values: { office?: string; week?: string; data?: string; registry?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        office: { type: "string" },
        week: { type: "string" },
        data: { type: "string" },
        registry: { type: "string" },
        json: { type: "boolean" },
        debug: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new DigestUsageError((error as Error).message);
  }
  if (!values.office) throw new DigestUsageError("digest needs --office ID");
  const week = values.week === undefined ? weekContaining(chinaToday(now)) : weekNamed(values.week);
  if (!week) throw new DigestUsageError(`--week must be a date YYYY-MM-DD, got "${values.week}"`);
  return {
    officeId: values.office,
    week,
    dataDir: path.resolve(values.data ?? ".data"),
    ...(values.registry ? { registryFile: values.registry } : {}),
    json: values.json === true,
  };
}

export async function runDigest(argv: string[], io: DigestIo): Promise<number> {
  const now = io.now ?? (() => new Date());
  let args: DigestArgs;
  let registry: Registry;
  try {
    args = parse(argv, now());
    // Without --registry: the bundled demo's offices and bureaus (the port plays no part in a digest).
    registry = args.registryFile ? await loadRegistry(args.registryFile) : sampleRegistry(0);
    const office = registry.offices.find((o) => o.id === args.officeId);
    if (!office) {
      const known = registry.offices.map((o) => o.id).join(", ");
      throw new DigestUsageError(
        `no office "${args.officeId}" in the registry (offices: ${known || "none"})`,
      );
    }
  } catch (error) {
    if (error instanceof DigestUsageError) {
      io.stderr(`gdm: ${error.message}\nusage: gdm ${DIGEST_USAGE}\n`);
      return 2;
    }
    io.stderr(`gdm: ${(error as Error).message}\n`);
    return 1;
  }
  const office = registry.offices.find((o) => o.id === args.officeId)!;
  if (office.emails.length === 0) {
    io.stderr(`gdm: office "${office.id}" has no e-mail address in the registry\n`);
    return 1;
  }
  // A digest of an empty store would say "no problems": refuse instead of misleading.
  if (!existsSync(path.join(args.dataDir, "dynamodb"))) {
    io.stderr(
      `gdm: no monitoring data in ${args.dataDir}: run \`npm start\` or \`crawl\` first (or give --data DIR)\n`,
    );
    return 1;
  }
  const stack = await startLocalStack({ dataDir: args.dataDir });
  try {
    const { content, email } = await makeOfficeDigest(stack.repo, registry, office.id, {
      week: args.week,
      asOf: now(),
      from: DEFAULT_FROM,
    });
    const { id: file } = await new FileOutboxTransport(stack.outboxDir).send(email);
    const { counts } = content;
    const total = (c: typeof counts.open) => c.error + c.warning + c.info;
    if (args.json) {
      io.stdout(
        `${JSON.stringify({ office: office.id, week: { start: args.week.start, end: args.week.end }, counts, file }, null, 2)}\n`,
      );
    } else {
      io.stdout(
        `${office.name} (${office.id}), week ${args.week.start} – ${args.week.end}: ` +
          `${total(counts.opened)} new, ${counts.resolved} resolved, ${total(counts.open)} open ` +
          `in ${content.openByBureau.length} of ${content.bureauCount} bureaus\n` +
          `digest written to ${file}\n`,
      );
    }
    return 0;
  } catch (error) {
    io.stderr(`gdm: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await stack.stop();
  }
}
