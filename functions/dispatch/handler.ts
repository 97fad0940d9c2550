// Dispatch Lambda (every few minutes): sends the pending alerts of the outbox (SES or an SMTP relay), once each.
import { type DispatchResult, dispatchOutbox } from "../../shared/mail/dispatch.ts";
import { mailWiringFromEnv } from "../mail-wiring.ts";

export interface DispatchHandlerDeps {
  dispatch(): Promise<DispatchResult>;
  log?: (entry: Record<string, unknown>) => void;
}

export function makeHandler(deps: DispatchHandlerDeps) {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  return async (): Promise<DispatchResult> => {
    const result = await deps.dispatch();
    log({
      event: "outbox-dispatched",
      sent: result.sent,
      failed: result.failed,
      skipped: result.skipped,
      errors: result.errors.slice(0, 20),
    });
    return result;
  };
}

function buildDefault() {
  const { repo, transport, from, loadRegistry } = mailWiringFromEnv();
  return makeHandler({
    dispatch: async () => dispatchOutbox(repo, transport, await loadRegistry(), { from }),
  });
}

let cached: ReturnType<typeof makeHandler> | undefined;
export const handler = () => {
  cached ??= buildDefault();
  return cached();
};
