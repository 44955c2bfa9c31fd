// The defined error conditions of RFC 6120 and the error type each one recommends.

/** RFC 6120 §8.3.2: the `type` attribute of a stanza <error/>. */
export const STANZA_ERROR_TYPES = ["auth", "cancel", "continue", "modify", "wait"] as const;
export type StanzaErrorType = (typeof STANZA_ERROR_TYPES)[number];

/**
 * RFC 6120 §8.3.3: every defined stanza error condition with the type its subsection recommends.
 * undefined-condition (§8.3.3.21) names no type; "cancel" is the conservative default.
 */
export const STANZA_ERROR_DEFAULT_TYPES = {
  "bad-request": "modify", // §8.3.3.1
  conflict: "cancel", // §8.3.3.2
  "feature-not-implemented": "cancel", // §8.3.3.3
  forbidden: "auth", // §8.3.3.4
  gone: "cancel", // §8.3.3.5 (character data: new address)
  "internal-server-error": "cancel", // §8.3.3.6
  "item-not-found": "cancel", // §8.3.3.7
  "jid-malformed": "modify", // §8.3.3.8
  "not-acceptable": "modify", // §8.3.3.9
  "not-allowed": "cancel", // §8.3.3.10
  "not-authorized": "auth", // §8.3.3.11
  "policy-violation": "modify", // §8.3.3.12
  "recipient-unavailable": "wait", // §8.3.3.13
  redirect: "modify", // §8.3.3.14 (character data: alternate address)
  "registration-required": "auth", // §8.3.3.15
  "remote-server-not-found": "cancel", // §8.3.3.16
  "remote-server-timeout": "wait", // §8.3.3.17
  "resource-constraint": "wait", // §8.3.3.18
  "service-unavailable": "cancel", // §8.3.3.19
  "subscription-required": "auth", // §8.3.3.20
  "undefined-condition": "cancel", // §8.3.3.21
  "unexpected-request": "wait", // §8.3.3.22
} as const satisfies Record<string, StanzaErrorType>;

export type StanzaErrorCondition = keyof typeof STANZA_ERROR_DEFAULT_TYPES;
export const STANZA_ERROR_CONDITIONS = Object.keys(
  STANZA_ERROR_DEFAULT_TYPES,
) as StanzaErrorCondition[];

/** RFC 6120 §4.9.3: every defined stream error condition. */
export const STREAM_ERROR_CONDITIONS = [
  "bad-format", // §4.9.3.1
  "bad-namespace-prefix", // §4.9.3.2
  "conflict", // §4.9.3.3
  "connection-timeout", // §4.9.3.4
  "host-gone", // §4.9.3.5
  "host-unknown", // §4.9.3.6
  "improper-addressing", // §4.9.3.7
  "internal-server-error", // §4.9.3.8
  "invalid-from", // §4.9.3.9
  "invalid-namespace", // §4.9.3.10
  "invalid-xml", // §4.9.3.11
  "not-authorized", // §4.9.3.12
  "not-well-formed", // §4.9.3.13
  "policy-violation", // §4.9.3.14
  "remote-connection-failed", // §4.9.3.15
  "reset", // §4.9.3.16
  "resource-constraint", // §4.9.3.17
  "restricted-xml", // §4.9.3.18
  "see-other-host", // §4.9.3.19 (character data: host, optionally with port)
  "system-shutdown", // §4.9.3.20
  "undefined-condition", // §4.9.3.21
  "unsupported-encoding", // §4.9.3.22
  "unsupported-feature", // §4.9.3.23
  "unsupported-stanza-type", // §4.9.3.24
  "unsupported-version", // §4.9.3.25
] as const;
export type StreamErrorCondition = (typeof STREAM_ERROR_CONDITIONS)[number];

const stanzaConditions: ReadonlySet<string> = new Set(STANZA_ERROR_CONDITIONS);
const streamConditions: ReadonlySet<string> = new Set(STREAM_ERROR_CONDITIONS);
const stanzaTypes: ReadonlySet<string> = new Set(STANZA_ERROR_TYPES);

export function isStanzaErrorCondition(name: string): name is StanzaErrorCondition {
  return stanzaConditions.has(name);
}

export function isStreamErrorCondition(name: string): name is StreamErrorCondition {
  return streamConditions.has(name);
}

export function isStanzaErrorType(name: string | undefined): name is StanzaErrorType {
  return name !== undefined && stanzaTypes.has(name);
}
