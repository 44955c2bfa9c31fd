// Shared pieces of the iq handlers: who the service belongs to and who is asking.
import type { ModuleContext, StanzaEvent } from "@parley/server";
import { StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { pubsubError } from "./errors";

export interface PepRequest {
  /** The PEP service: the bare JID the iq was sent to (RFC 6120 §10.3.3: none = one's own). */
  owner: string;
  /** Bare JID of the sender. */
  requester: string;
  /** Full JID of the sender. */
  from: string;
}

export async function pepRequest(ctx: ModuleContext, event: StanzaEvent): Promise<PepRequest> {
  const owner = event.to.bare().toString();
  // RFC 6121 §8.5.1: no such account.
  if (!(await ctx.storage.accounts.exists(owner))) throw new StanzaError("service-unavailable");
  const sender = event.origin?.jid ?? event.from;
  return { owner, requester: sender.bare().toString(), from: sender.toString() };
}

/** The single action child of a pubsub element (options/configure forms excluded). */
export function actionOf(pubsub: Element, extras: readonly string[]): Element {
  const actions = pubsub
    .elements()
    .filter((c) => c.ns === pubsub.ns && !extras.includes(c.localName));
  if (actions.length !== 1)
    throw new StanzaError("bad-request", { text: "one pubsub action per request", lang: "en" });
  return actions[0]!;
}

export function unsupported(feature: string): StanzaError {
  return pubsubError("feature-not-implemented", "unsupported", { feature });
}

/** `max_items` of an items request: a positive integer (§6.5.7). */
export function readMax(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw new StanzaError("bad-request", {
      text: "max_items must be a positive integer",
      lang: "en",
    });
  }
  return Number(value);
}
