// The weekly digests: one per supervising office, made from the stored findings of its bureaus. The
// scheduled sender claims each (office, week) before sending, so a retried run sends nothing twice.
import type { Registry } from "../domain/registry.ts";
import type { Repository } from "../store/repository.ts";
import { collectDigest, type DigestContent, type DigestWeek } from "./digest-content.ts";
import { renderDigestEmail } from "./digest-email.ts";
import type { MailAddress } from "./mime.ts";
import type { RenderedEmail } from "./office-email.ts";
import type { MailTransport } from "./transports.ts";

export type DigestRepository = Pick<
  Repository,
  "findingsByOffice" | "claimDigest" | "markDigestSent" | "releaseDigest"
>;

export interface OfficeDigest {
  content: DigestContent;
  email: RenderedEmail;
}

/** Renders one office's digest for `week` from what the table holds now. */
export async function makeOfficeDigest(
  repo: Pick<Repository, "findingsByOffice">,
  registry: Pick<Registry, "offices" | "bureaus">,
  officeId: string,
  options: { week: DigestWeek; asOf: Date; from: MailAddress },
): Promise<OfficeDigest> {
  const office = registry.offices.find((o) => o.id === officeId);
  if (!office) throw new RangeError(`office "${officeId}" is not in the registry`);
  const content = collectDigest({
    office,
    bureaus: registry.bureaus,
    findings: await repo.findingsByOffice(officeId),
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
  errors: string[];
}

/** Sends every office's digest for `week` once. */
export async function sendWeeklyDigests(
  repo: DigestRepository,
  transport: MailTransport,
  registry: Pick<Registry, "offices" | "bureaus">,
  options: { week: DigestWeek; from: MailAddress; now?: () => Date },
): Promise<DigestRunResult> {
  const now = options.now ?? (() => new Date());
  const result: DigestRunResult = { sent: 0, failed: 0, skipped: 0, errors: [] };
  for (const office of registry.offices) {
    if (office.emails.length === 0) {
      result.skipped++;
      result.errors.push(`${office.id}: no e-mail address in the registry`);
      continue;
    }
    if (!registry.bureaus.some((b) => b.supervisor === office.id)) {
      result.skipped++;
      continue;
    }
    const key = { officeId: office.id, weekStart: options.week.start };
    if (!(await repo.claimDigest(key, now()))) {
      result.skipped++;
      continue;
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
  return result;
}
