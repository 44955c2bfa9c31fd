// The presence subscription state machine of RFC 6121 Appendix A, as pure functions over the
// state one account holds about one contact. "Outbound" is the user's server handling a
// subscription stanza its user sent (A.2); "inbound" is the contact's server handling one it
// received (A.3). Pre-approval is RFC 6121 §3.4.
import type { Subscription } from "@parley/storage";

export type SubscriptionType = "subscribe" | "subscribed" | "unsubscribe" | "unsubscribed";
export const SUBSCRIPTION_TYPES: readonly SubscriptionType[] = [
  "subscribe",
  "subscribed",
  "unsubscribe",
  "unsubscribed",
];

export function isSubscriptionType(type: string): type is SubscriptionType {
  return (SUBSCRIPTION_TYPES as readonly string[]).includes(type);
}

/** What an account knows about one contact (RFC 6121 §3 and Appendix A.1). */
export interface SubState {
  /** The account receives the contact's presence ("to" or "both"). */
  readonly to: boolean;
  /** The contact receives the account's presence ("from" or "both"). */
  readonly from: boolean;
  /** The account asked for the contact's presence, no answer yet ("Pending Out"). */
  readonly pendingOut: boolean;
  /** The contact asked for the account's presence, no answer yet ("Pending In"). */
  readonly pendingIn: boolean;
  /** The account pre-approved a subscription request from the contact (§3.4). */
  readonly approved: boolean;
}

export const NO_SUBSCRIPTION: SubState = {
  to: false,
  from: false,
  pendingOut: false,
  pendingIn: false,
  approved: false,
};

export function subscriptionOf(s: SubState): Subscription {
  if (s.to && s.from) return "both";
  if (s.to) return "to";
  return s.from ? "from" : "none";
}

export function stateOf(
  subscription: Subscription,
  flags: { pendingOut?: boolean; pendingIn?: boolean; approved?: boolean } = {},
): SubState {
  return {
    to: subscription === "to" || subscription === "both",
    from: subscription === "from" || subscription === "both",
    pendingOut: flags.pendingOut ?? false,
    pendingIn: flags.pendingIn ?? false,
    approved: flags.approved ?? false,
  };
}

export function sameState(a: SubState, b: SubState): boolean {
  return (
    a.to === b.to &&
    a.from === b.from &&
    a.pendingOut === b.pendingOut &&
    a.pendingIn === b.pendingIn &&
    a.approved === b.approved
  );
}

export interface OutboundResult {
  readonly next: SubState;
  /** Route the (bare-JID stamped) stanza to the contact. */
  readonly route: boolean;
}

/** A.2: the user sent `type` to the contact. */
export function outbound(s: SubState, type: SubscriptionType): OutboundResult {
  switch (type) {
    case "subscribe":
      // A.2.1: None/From gain Pending Out; the request is routed even when nothing changes, so
      // the contact's server can answer (it auto-replies when the user is already subscribed).
      return { next: s.to ? s : { ...s, pendingOut: true }, route: true };
    case "unsubscribe":
      // A.2.2: the user cancels its subscription (or its pending request).
      return { next: { ...s, to: false, pendingOut: false }, route: true };
    case "subscribed":
      // A.2.3: approve a pending request; without one it is a pre-approval (§3.4), not routed.
      if (s.pendingIn)
        return { next: { ...s, from: true, pendingIn: false, approved: false }, route: true };
      if (s.from) return { next: s, route: false };
      return { next: { ...s, approved: true }, route: false };
    case "unsubscribed":
      // A.2.4: deny a pending request or cancel the contact's subscription; also drops a
      // pre-approval. Routed always so a contact whose state drifted is brought back in line.
      return { next: { ...s, from: false, pendingIn: false, approved: false }, route: true };
  }
}

export interface InboundResult {
  readonly next: SubState;
  /** Deliver the stanza to the user's available resources. */
  readonly deliver: boolean;
  /** Answer the contact with `<presence type='subscribed'/>` on the user's behalf. */
  readonly autoReply: boolean;
}

/** A.3: `type` arrived from the contact. */
export function inbound(s: SubState, type: SubscriptionType): InboundResult {
  switch (type) {
    case "subscribe":
      // A.3.1: already subscribed → auto-reply; pre-approved → approve now (§3.4); already
      // pending → nothing new to tell the user (it is re-delivered at each login anyway).
      if (s.from) return { next: s, deliver: false, autoReply: true };
      if (s.approved) {
        return { next: { ...s, from: true, approved: false }, deliver: false, autoReply: true };
      }
      if (s.pendingIn) return { next: s, deliver: false, autoReply: false };
      return { next: { ...s, pendingIn: true }, deliver: true, autoReply: false };
    case "unsubscribe":
      // A.3.2: the contact no longer wants the user's presence (or withdraws its request).
      if (!s.from && !s.pendingIn) return { next: s, deliver: false, autoReply: false };
      return { next: { ...s, from: false, pendingIn: false }, deliver: true, autoReply: false };
    case "subscribed":
      // A.3.3: only an answer to the user's own pending request counts.
      if (!s.pendingOut) return { next: s, deliver: false, autoReply: false };
      return { next: { ...s, to: true, pendingOut: false }, deliver: true, autoReply: false };
    case "unsubscribed":
      // A.3.4: request denied or subscription cancelled by the contact.
      if (!s.to && !s.pendingOut) return { next: s, deliver: false, autoReply: false };
      return { next: { ...s, to: false, pendingOut: false }, deliver: true, autoReply: false };
  }
}
