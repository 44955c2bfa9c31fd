// Resource binding (RFC 6120 §7) and the legacy session iq (RFC 3921 §3).
import { randomBytes } from "node:crypto";
import { type Jid, JidError } from "@parley/jid";
import { NS, StanzaError, iqError, iqResult } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";

export function isBindRequest(el: Element): boolean {
  return el.localName === "iq" && el.attr("type") === "set" && !!el.getChild("bind", NS.BIND);
}

/** RFC 3921 §3: `<iq type='set'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>`. */
export function isSessionRequest(el: Element): boolean {
  return el.localName === "iq" && el.attr("type") === "set" && !!el.getChild("session", NS.SESSION);
}

/** An empty result: the session "exists" as soon as the resource is bound (RFC 6121 App. E). */
export function sessionReply(el: Element): Element {
  return iqResult(el);
}

/**
 * The full JID to bind: the client's resource prepared with the OpaqueString profile
 * (RFC 7622 §3.4), or one the server makes up (§7.6) when the client gives none.
 * Throws StanzaError bad-request when the resource cannot be prepared (§7.7.2.1).
 */
export function resourceToBind(el: Element, bare: Jid, taken: (full: Jid) => boolean): Jid {
  const requested = el.getChild("bind", NS.BIND)?.getChildText("resource", NS.BIND);
  if (requested !== undefined && requested.trim() !== "") {
    try {
      return bare.withResource(requested);
    } catch (e) {
      if (!(e instanceof JidError)) throw e;
      throw new StanzaError("bad-request", { text: `resource: ${e.message}`, lang: "en" });
    }
  }
  for (;;) {
    const full = bare.withResource(`parley-${randomBytes(6).toString("hex")}`);
    if (!taken(full)) return full;
  }
}

export function bindReply(el: Element, full: Jid): Element {
  return iqResult(el, xml("bind", { xmlns: NS.BIND }, xml("jid", null, full.toString())));
}

export function bindError(el: Element, error: StanzaError): Element {
  return iqError(el, error);
}
