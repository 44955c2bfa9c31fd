// The login throttle applied to a finished SASL exchange (RFC 6120 §6.4.5 / §6.4.6), before the
// stream answers it.
import { type SaslOutcome, failure } from "../stream/sasl-negotiation";
import type { AuthThrottle } from "./auth-throttle";
import type { RefusalLog } from "./refusal-log";

const BANNED_TEXT = "too many failed logins from your address; try again later";

/**
 * From a banned address every verdict, right or wrong, becomes <temporary-auth-failure/>
 * (RFC 6120 §6.5.12), so a ban reveals nothing about the password; it counts as a failure on the
 * stream (§6.4.5), not in the throttle (the ban ends when it was set to). Otherwise the verdict
 * is recorded, then held for the account's delay — success and failure alike, or the speed of
 * the answer would give the verdict away to a client that does not wait for it.
 */
export async function throttleSaslOutcome(
  throttle: AuthThrottle,
  refusals: RefusalLog,
  address: string,
  /** The stream's domain: accounts are counted by bare JID. */
  domain: string,
  outcome: SaslOutcome,
): Promise<SaslOutcome> {
  if (outcome.kind === "challenge" || (outcome.kind === "failure" && !outcome.counts)) {
    return outcome;
  }
  if (throttle.isBanned(address)) {
    refusals.record("limits.auth.refused-banned-address", "login refused: address banned", {
      address,
    });
    return failure("temporary-auth-failure", BANNED_TEXT);
  }
  const username = outcome.kind === "success" ? outcome.authcid : outcome.username;
  const account = username === undefined ? undefined : `${username}@${domain}`;
  const delay = throttle.accountDelayMs(account);
  if (outcome.kind === "success") throttle.succeeded(address);
  else throttle.failed(address, account);
  if (delay > 0) {
    refusals.record(
      "limits.auth.account-delayed",
      "login answer delayed: failed logins on this account",
      { account, delayMs: delay },
      "info",
    );
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return outcome;
}
