// XEP-0280 Message Carbons, client side: enable/disable for this session (§4, §5) and reading
// carbon copies, accepting only those from our own bare JID (§11: anything else is forged).
import { NS } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import type { Client } from "./client";
import type { RequestOptions } from "./iq/caller";

export interface Carbon {
  /** "sent" by another of our clients, or "received" by another of our clients. */
  direction: "sent" | "received";
  /** The forwarded message as the other client sent or received it. */
  message: Element;
}

/** Enables carbons for this session; rejects with the server's StanzaError. */
export async function enableCarbons(client: Client, options?: RequestOptions): Promise<void> {
  await client.iq.set(xml("enable", { xmlns: NS.CARBONS }), undefined, options);
}

export async function disableCarbons(client: Client, options?: RequestOptions): Promise<void> {
  await client.iq.set(xml("disable", { xmlns: NS.CARBONS }), undefined, options);
}

/**
 * The carbon inside `stanza`, or undefined when it carries none — or carries one that does not
 * come from `ownBareJid` (a forgery, §11: ignored).
 */
export function unwrapCarbon(stanza: Element, ownBareJid: string): Carbon | undefined {
  if (stanza.localName !== "message") return undefined;
  for (const direction of ["sent", "received"] as const) {
    const wrapper = stanza.getChild(direction, NS.CARBONS);
    if (!wrapper) continue;
    if (stanza.attr("from")?.toLowerCase() !== ownBareJid.toLowerCase()) return undefined;
    const message = wrapper.getChild("forwarded", NS.FORWARD)?.getChild("message", NS.CLIENT);
    return message ? { direction, message } : undefined;
  }
  return undefined;
}

/** Calls `listener` for every genuine carbon this client receives; returns the unsubscribe function. */
export function onCarbon(client: Client, listener: (carbon: Carbon) => void): () => void {
  const handler = (stanza: Element) => {
    const own = client.jid?.bare().toString();
    const carbon = own === undefined ? undefined : unwrapCarbon(stanza, own);
    if (carbon) listener(carbon);
  };
  client.on("stanza", handler);
  return () => {
    client.off("stanza", handler);
  };
}
