// RFC 6121 §8.5 delivery rules for local accounts, in one place: which resources of an account
// get a message sent to its bare JID (§8.5.2), and what happens to a stanza for a full JID
// whose resource is not bound (§8.5.3.2). Pure functions over any session type: the caller says
// which sessions are available and how to read their priority.

/** What the rules need to know of a bound resource. */
export interface ResourceView {
  /** Priority of its last available presence (RFC 6121 §4.7.2.3). */
  readonly priority: number;
}

/**
 * §8.5.2.1.1: the "most available" resources: the available ones with the highest non-negative
 * priority (all of them on a tie). Negative priorities never receive messages to the bare JID
 * (§4.7.2.3). `available` lists the available resources only.
 */
export function mostAvailable<S extends ResourceView>(available: readonly S[]): S[] {
  let top = -1;
  for (const s of available) if (s.priority > top) top = s.priority;
  if (top < 0) return [];
  return available.filter((s) => s.priority === top);
}

/** What to do with a message to a bare JID (§8.5.2), once the account is known to exist. */
export type BareMessagePlan<S> =
  /** Sent to these resources, `to` left as the bare JID. */
  | { readonly action: "send"; readonly targets: S[] }
  /** No resource takes it: offline storage (§8.5.2.2.1, XEP-0160) when worth keeping. */
  | { readonly action: "offline" }
  /** Silently dropped (error messages; headline with no resource, §8.5.2.2.2). */
  | { readonly action: "drop" }
  /** Refused with service-unavailable (groupchat to a bare JID, §8.5.2.1.1 / §8.5.2.2.1). */
  | { readonly action: "bounce" };

/** §8.5.2.1 (resources available) and §8.5.2.2 (none) for a message of type `type`. */
export function bareMessagePlan<S extends ResourceView>(
  type: string,
  available: readonly S[],
): BareMessagePlan<S> {
  if (type === "error") return DROP; // §8.5.2.1.1 / §8.5.2.2.1
  if (type === "groupchat") return BOUNCE;
  if (type === "headline") {
    // Every non-negative resource; none → silently dropped.
    const targets = available.filter((s) => s.priority >= 0);
    return targets.length > 0 ? { action: "send", targets } : DROP;
  }
  const targets = mostAvailable(available);
  return targets.length > 0 ? { action: "send", targets } : OFFLINE;
}

const DROP = { action: "drop" } as const;
const BOUNCE = { action: "bounce" } as const;
const OFFLINE = { action: "offline" } as const;

/**
 * §8.5.3.2: a message or presence to a full JID of an existing account whose resource is not
 * bound: `bounce` (service-unavailable), `drop`, or `as-bare` (handled as sent to the bare JID).
 * `type` is the effective type (message "normal", presence "available" when absent).
 */
export function unboundResourceRule(
  kind: "message" | "presence",
  type: string,
): "bounce" | "drop" | "as-bare" {
  if (kind === "message") {
    // §8.5.3.2.1: groupchat bounces (MUCs rely on it), error is dropped, the rest as if bare.
    if (type === "groupchat") return "bounce";
    return type === "error" ? "drop" : "as-bare";
  }
  // §8.5.3.2.2 (subscription states, probe: as if bare); §8.5.3.2.3: the rest is dropped.
  return SUBSCRIPTION_OR_PROBE.has(type) ? "as-bare" : "drop";
}

const SUBSCRIPTION_OR_PROBE: ReadonlySet<string> = new Set([
  "subscribe",
  "subscribed",
  "unsubscribe",
  "unsubscribed",
  "probe",
]);
