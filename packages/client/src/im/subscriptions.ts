import { Jid } from "@parley/jid";
import { presence } from "@parley/stanza";
import type { Element } from "@parley/xml";

// RFC 6121 §3 presence subscriptions. Requests and answers go to the bare JID (§3.1.1, §3.1.5).

function bare(jid: string): string {
  return Jid.parse(jid).bare().toString();
}

/** §3.1.1: ask to see `jid`'s presence. */
export function subscribeStanza(jid: string): Element {
  return presence({ to: bare(jid), type: "subscribe" });
}

/** §3.1.5 approve (also a pre-approval when no request came, §3.4). */
export function approveStanza(jid: string): Element {
  return presence({ to: bare(jid), type: "subscribed" });
}

/** §3.2.1 deny a request, or §3.2 cancel a subscription `jid` has to us. */
export function denyStanza(jid: string): Element {
  return presence({ to: bare(jid), type: "unsubscribed" });
}

/** §3.3.1: stop seeing `jid`'s presence. */
export function unsubscribeStanza(jid: string): Element {
  return presence({ to: bare(jid), type: "unsubscribe" });
}
