// Drains the alert outbox: claim → render → send → mark sent. Running it twice sends nothing twice.
import type { Registry } from "../domain/registry.ts";
import type { Repository } from "../store/repository.ts";
import { renderAlertEmail } from "./alert-email.ts";
import type { MailAddress } from "./mime.ts";
import type { MailTransport } from "./transports.ts";

export type OutboxRepository = Pick<Repository, "listPending" | "claimAlert" | "markSent" | "releaseAlert">;

export interface DispatchOptions {
  officeId?: string;
  from?: MailAddress;
  now?: () => Date;
}

export interface DispatchResult {
  sent: number;
  failed: number;
  /** Left pending: claimed by another dispatcher, or no office/e-mail address to send to. */
  skipped: number;
  errors: string[];
}

export async function dispatchOutbox(
  repo: OutboxRepository,
  transport: MailTransport,
  lookup: Pick<Registry, "offices" | "bureaus">,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const now = options.now ?? (() => new Date());
  const result: DispatchResult = { sent: 0, failed: 0, skipped: 0, errors: [] };
  const offices = new Map(lookup.offices.map((o) => [o.id, o]));
  const bureaus = new Map(lookup.bureaus.map((b) => [b.id, b]));

  for (const alert of await repo.listPending(options.officeId)) {
    const office = offices.get(alert.officeId);
    if (!office || office.emails.length === 0) {
      result.skipped++;
      result.errors.push(`${alert.sk}: office ${alert.officeId} has no e-mail address in the registry`);
      continue;
    }
    if (!(await repo.claimAlert(alert, now()))) {
      result.skipped++;
      continue;
    }
    const email = renderAlertEmail({
      office,
      bureau: bureaus.get(alert.bureauId) ?? { id: alert.bureauId, name: alert.bureauId },
      finding: { ...alert, key: alert.findingKey },
      from: options.from,
      date: new Date(alert.createdAt),
      occurrence: alert.occurrence,
    });
    try {
      const delivered = await transport.send(email);
      await repo.markSent(alert, { sentAt: now().toISOString(), transportId: delivered.id });
      result.sent++;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await repo.releaseAlert(alert, reason);
      result.failed++;
      result.errors.push(`${alert.sk}: ${reason}`);
    }
  }
  return result;
}
