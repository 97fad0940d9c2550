// Bot protection that answers with a script instead of the page: the script computes a cookie and
// reloads, which a browser does and a crawler without a script engine cannot. 瑞数-style firewalls
// answer 412 (a refusal by its status); 加速乐-style ones answer 521, the status Cloudflare also uses for
// "origin down", so the body tells the two apart. A challenge is not retried: it will not change.

/** How such an answer is described in the error line: site health tells the office so. */
export const BOT_CHALLENGE = "a bot-protection challenge that needs a browser's script";

/** Statuses whose body is looked at for a challenge (capped, since it is not the page). */
export const CHALLENGE_STATUSES = new Set([521]);
export const CHALLENGE_BODY_BYTES = 16 * 1024;

/** A short page whose script sets a cookie (and so, reloaded, would pass). */
export function isCookieChallenge(body: Uint8Array): boolean {
  const text = new TextDecoder("latin1").decode(body.subarray(0, CHALLENGE_BODY_BYTES));
  return /<script\b/i.test(text) && /document\s*\.\s*cookie\s*=/.test(text);
}
