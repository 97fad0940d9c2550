// The weekly digests: one per supervising office, made from the stored findings of its bureaus. The
// scheduled sender claims each (office, week) before sending, so a retried run sends nothing twice.
import type { Office, Registry } from "../domain/registry.ts";
import type { Repository } from "../store/repository.ts";
import { collectDigest, type DigestContent, type DigestWeek } from "./digest-content.ts";
import { renderDigestEmail } from "./digest-email.ts";
import type { MailAddress } from "./mime.ts";
import type { RenderedEmail } from "./office-email.ts";
import type { MailTransport } from "./transports.ts";

export type DigestRepository = Pick<
  Repository,
  "findingsByOffice" | "getCoverages" | "claimDigest" | "markDigestSent" | "releaseDigest"
>;

export interface OfficeDigest {
  content: DigestContent;
  email: RenderedEmail;
}

/** Renders one office's digest for `week` from what the table holds now. */
export async function makeOfficeDigest(
  repo: Pick<Repository, "findingsByOffice" | "getCoverages">,
  registry: Pick<Registry, "offices" | "bureaus">,
  officeId: string,
  options: { week: DigestWeek; asOf: Date; from: MailAddress },
): Promise<OfficeDigest> {
  const office = registry.offices.find((o) => o.id === officeId);
  if (!office) throw new RangeError(`office "${officeId}" is not in the registry`);
  const own = registry.bureaus.filter((b) => b.supervisor === officeId).map((b) => b.id);
  const [findings, coverage] = await Promise.all([repo.findingsByOffice(officeId), repo.getCoverages(own)]);
  const content = collectDigest({
    office,
    bureaus: registry.bureaus,
    findings,
    coverage,
    week: options.week,
    asOf: options.asOf,
  });
  return { content, email: renderDigestEmail(content, { from: options.from }) };
}

export interface DigestRunResult {
  sent: number;
  failed: number;
  /** Already sent for that week (or being sent by another run), or nothing to send to. */
  skipped: number;
  /** Not started because the run was told to stop (out of time): a later run sends them. */
  deferred: number;
  errors: string[];
}

export interface DigestRunOptions {
  week: DigestWeek;
  from: MailAddress;
  now?: () => Date;
  /** Offices worked on at once (default 4): each is a query and a send, mostly waiting. */
  concurrency?: number;
  /** Asked before each office: true once no new one should start (the invocation runs out of time). */
  shouldStop?: () => boolean;
}

/** Sends every office's digest for `week` once. */
export async function sendWeeklyDigests(
  repo: DigestRepository,
  transport: MailTransport,
  registry: Pick<Registry, "offices" | "bureaus">,
  options: DigestRunOptions,
): Promise<DigestRunResult> {
  const now = options.now ?? (() => new Date());
  const result: DigestRunResult = { sent: 0, failed: 0, skipped: 0, deferred: 0, errors: [] };
  const supervising = new Set(registry.bureaus.map((b) => b.supervisor));

  async function sendOne(office: Office): Promise<void> {
    if (office.emails.length === 0) {
      result.skipped++;
      result.errors.push(`${office.id}: no e-mail address in the registry`);
      return;
    }
    if (!supervising.has(office.id)) {
      result.skipped++;
      return;
    }
    const key = { officeId: office.id, weekStart: options.week.start };
    if (!(await repo.claimDigest(key, now()))) {
      result.skipped++;
      return;
    }
    try {
      const { email } = await makeOfficeDigest(repo, registry, office.id, {
        week: options.week,
        asOf: now(),
        from: options.from,
      });
      const delivered = await transport.send(email);
      await repo.markDigestSent(key, {
        sentAt: now().toISOString(),
        transportId: delivered.id,
        messageId: email.messageId,
      });
      result.sent++;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await repo.releaseDigest(key, reason);
      result.failed++;
      result.errors.push(`${office.id} ${options.week.start}: ${reason}`);
    }
  }

  // A claim is only taken when there is time to send: one left claimed would wait out its lease.
  let next = 0;
  const worker = async () => {
    while (next < registry.offices.length) {
      if (options.shouldStop?.()) {
        result.deferred += registry.offices.length - next;
        next = registry.offices.length;
        return;
      }
      await sendOne(registry.offices[next++]!);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, registry.offices.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}
