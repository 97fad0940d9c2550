// `gdm digest (--office ID | --all) [--week YYYY-MM-DD] [--send]` (DESIGN §5): renders offices' weekly
// digests (HTML + text, one RFC 5322 message each) from the embedded store into <data>/outbox, replacing an
// earlier rendering of the same office and week. `--send` also delivers them by SMTP, once per office and
// week, as the Digest Lambda does through SES (a weekly cron job on one machine). Exit 0 when done, 2 on bad
// usage, 1 when a digest cannot be made or sent.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Office, Registry } from "../../shared/domain/registry.ts";
import {
  type DigestWeek,
  previousWeek,
  weekContaining,
  weekNamed,
} from "../../shared/mail/digest-content.ts";
import { makeOfficeDigest, sendWeeklyDigests } from "../../shared/mail/digest-send.ts";
import {
  DEFAULT_FROM,
  FileOutboxTransport,
  type MailTransport,
  type SmtpConfig,
  SmtpTransport,
} from "../../shared/mail/index.ts";
import { loadRegistry } from "../../shared/registry/index.ts";
import { chinaToday } from "../../shared/rules/deadline.ts";
import { dataDirOf } from "./data-dir.ts";
import { sampleRegistry } from "./sites/registry.ts";
import { type LocalStack, smtpFromEnv, startLocalStack } from "./stack.ts";

export const DIGEST_USAGE =
  "digest (--office ID | --all) [--week YYYY-MM-DD] [--send] [--data DIR] [--registry FILE] [--json]   weekly digests (the Monday–Sunday containing --week; default this week, with --send last week) into <data>/outbox; --send also mails them by SMTP (GDM_SMTP_*), once a week each";

export interface DigestIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
}

class DigestUsageError extends Error {}

interface DigestArgs {
  /** undefined: every office (--all). */
  officeId?: string;
  week: DigestWeek;
  dataDir: string;
  registryFile?: string;
  json: boolean;
  smtp?: SmtpConfig;
}

function parse(argv: string[], now: Date, env: NodeJS.ProcessEnv): DigestArgs {
  let values: {
    office?: string;
    all?: boolean;
    week?: string;
    send?: boolean;
    data?: string;
    registry?: string;
    json?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        office: { type: "string" },
        all: { type: "boolean" },
        week: { type: "string" },
        send: { type: "boolean" },
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
  if (!values.office && !values.all) throw new DigestUsageError("digest needs --office ID or --all");
  if (values.office && values.all) throw new DigestUsageError("give --office ID or --all, not both");
  // Sending is the weekly job, run after the week it covers (as the Lambda, on Monday morning); rendering
  // shows the week so far.
  const week =
    values.week !== undefined
      ? weekNamed(values.week)
      : values.send
        ? previousWeek(now)
        : weekContaining(chinaToday(now));
  if (!week) throw new DigestUsageError(`--week must be a date YYYY-MM-DD, got "${values.week}"`);
  let smtp: SmtpConfig | undefined;
  if (values.send) {
    try {
      smtp = smtpFromEnv(env);
    } catch (error) {
      throw new DigestUsageError((error as Error).message);
    }
    if (!smtp)
      throw new DigestUsageError("--send mails through SMTP: set GDM_SMTP_HOST (and GDM_SMTP_PORT, …)");
  }
  const { dir: dataDir, problem } = dataDirOf(values.data);
  if (problem) throw new DigestUsageError(problem);
  return {
    ...(values.office ? { officeId: values.office } : {}),
    week,
    dataDir,
    ...(values.registry ? { registryFile: values.registry } : {}),
    json: values.json === true,
    ...(smtp ? { smtp } : {}),
  };
}

/** The offices to make digests for: the one named, or every office that has bureaus. */
function selectOffices(registry: Registry, officeId: string | undefined): Office[] {
  if (officeId === undefined) {
    const supervising = new Set(registry.bureaus.map((b) => b.supervisor));
    return registry.offices.filter((o) => supervising.has(o.id));
  }
  const office = registry.offices.find((o) => o.id === officeId);
  if (!office) {
    const known = registry.offices.map((o) => o.id).join(", ");
    throw new DigestUsageError(`no office "${officeId}" in the registry (offices: ${known || "none"})`);
  }
  return [office];
}

export async function runDigest(argv: string[], io: DigestIo): Promise<number> {
  const now = io.now ?? (() => new Date());
  let args: DigestArgs;
  let registry: Registry;
  let offices: Office[];
  try {
    args = parse(argv, now(), io.env ?? process.env);
    // Without --registry: the bundled demo's offices and bureaus (the port plays no part in a digest).
    registry = args.registryFile ? await loadRegistry(args.registryFile) : sampleRegistry(0);
    offices = selectOffices(registry, args.officeId);
  } catch (error) {
    if (error instanceof DigestUsageError) {
      io.stderr(`gdm: ${error.message}\nusage: gdm ${DIGEST_USAGE}\n`);
      return 2;
    }
    io.stderr(`gdm: ${(error as Error).message}\n`);
    return 1;
  }
  const silent = offices.filter((o) => o.emails.length === 0);
  if (args.officeId !== undefined && silent.length > 0) {
    io.stderr(`gdm: office "${args.officeId}" has no e-mail address in the registry\n`);
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
    const addressed = offices.filter((o) => o.emails.length > 0);
    for (const o of silent) io.stderr(`gdm: ${o.id}: no e-mail address in the registry, no digest\n`);
    return args.smtp
      ? await sendDigests(stack, { ...registry, offices: addressed }, args, args.smtp, io)
      : await renderDigests(stack, registry, addressed, args, io, now);
  } catch (error) {
    io.stderr(`gdm: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await stack.stop();
  }
}

async function renderDigests(
  stack: LocalStack,
  registry: Registry,
  offices: Office[],
  args: DigestArgs,
  io: DigestIo,
  now: () => Date,
): Promise<number> {
  const outbox = new FileOutboxTransport(stack.outboxDir);
  const made = [];
  for (const office of offices) {
    const { content, email } = await makeOfficeDigest(stack.repo, registry, office.id, {
      week: args.week,
      asOf: now(),
      from: DEFAULT_FROM,
    });
    const { id: file } = await outbox.send(email);
    made.push({ office, content, file });
  }
  const week = { start: args.week.start, end: args.week.end };
  if (args.json) {
    const items = made.map(({ office, content, file }) => ({
      office: office.id,
      week,
      counts: content.counts,
      /** Bureaus the last cycle could not fully check, or never crawled (the digest's section 四). */
      notFullyChecked: content.unchecked.map((b) => b.bureauId),
      file,
    }));
    io.stdout(`${JSON.stringify(args.officeId === undefined ? items : items[0], null, 2)}\n`);
    return 0;
  }
  for (const { office, content, file } of made) {
    const { counts } = content;
    const total = (c: typeof counts.open) => c.error + c.warning + c.info;
    io.stdout(
      `${office.name} (${office.id}), week ${week.start} – ${week.end}: ` +
        `${total(counts.opened)} new, ${counts.resolved} resolved, ${total(counts.open)} open ` +
        `in ${content.openByBureau.length} of ${content.bureauCount} bureaus, ` +
        `${content.unchecked.length} not fully checked\n` +
        `digest written to ${file}\n`,
    );
  }
  return 0;
}

/** Mails each digest not yet sent for the week (keeping a copy in the outbox), as the Digest Lambda does. */
async function sendDigests(
  stack: LocalStack,
  registry: Registry,
  args: DigestArgs,
  smtp: SmtpConfig,
  io: DigestIo,
): Promise<number> {
  const smtpTransport = new SmtpTransport(smtp);
  const outbox = new FileOutboxTransport(stack.outboxDir);
  const transport: MailTransport = {
    async send(email) {
      await outbox.send(email);
      return smtpTransport.send(email);
    },
  };
  try {
    const result = await sendWeeklyDigests(stack.repo, transport, registry, {
      week: args.week,
      from: DEFAULT_FROM,
    });
    if (args.json) io.stdout(`${JSON.stringify({ week: args.week.start, ...result }, null, 2)}\n`);
    else
      io.stdout(
        `week ${args.week.start} – ${args.week.end}: ${result.sent} digest(s) sent by SMTP, ` +
          `${result.skipped} already sent or with nothing to send, ${result.failed} failed\n`,
      );
    for (const error of result.errors) io.stderr(`gdm: ${error}\n`);
    return result.failed > 0 ? 1 : 0;
  } finally {
    smtpTransport.close();
  }
}
