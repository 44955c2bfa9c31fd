// Who an iq is about. RFC 6120 §10.3.3: an iq without `to` from a client is handled for the
// sender's account, so the core hands it to modules with `to` = the sender's bare JID.
import { StanzaError } from "@parley/stanza";
import type { StanzaEvent } from "../../module-api";

/** The sender's bare JID, when the iq targets the sender's own account; else forbidden. */
export function ownAccount(event: StanzaEvent): string {
  const sender = event.origin?.bareJid ?? event.from.bare();
  if (!event.to.isBare || !event.to.bareEquals(sender)) {
    throw new StanzaError("forbidden", { type: "auth" });
  }
  return sender.toString();
}

/** True when the iq came from the account its `to` names (bare), i.e. from its owner. */
export function isOwnAccount(event: StanzaEvent): boolean {
  const sender = event.origin?.bareJid ?? event.from.bare();
  return event.to.isBare && event.to.bareEquals(sender);
}

/** Reads a module config number, falling back when absent or not a positive number. */
export function configNumber(
  config: Readonly<Record<string, unknown>>,
  key: string,
  fallback: number,
): number {
  const value = config[key];
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}
