// Stanza types with the RFC defaults, and which ones are valid.
import type { Element } from "@parley/xml";
import type { StanzaKind } from "../module-api";

/** RFC 6121 §4.7.1: the presence types. */
export const PRESENCE_TYPES = new Set([
  "available",
  "unavailable",
  "subscribe",
  "subscribed",
  "unsubscribe",
  "unsubscribed",
  "probe",
  "error",
]);

/** RFC 6121 §5.2.2: an unknown or missing message type is treated as "normal". */
const MESSAGE_TYPES = new Set(["chat", "error", "groupchat", "headline", "normal"]);

/** The subscription-related presence types (RFC 6121 §3). */
export const SUBSCRIPTION_TYPES = new Set([
  "subscribe",
  "subscribed",
  "unsubscribe",
  "unsubscribed",
]);

export function effectiveType(kind: StanzaKind, stanza: Element): string {
  const raw = stanza.attr("type");
  if (kind === "message") return raw !== undefined && MESSAGE_TYPES.has(raw) ? raw : "normal";
  if (kind === "presence") return raw ?? "available";
  return raw ?? "";
}
