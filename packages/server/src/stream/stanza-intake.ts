// Checks on every stanza a bound client sends (RFC 6120 §8.1, §8.2.3) and the `from` stamp.
import { Jid } from "@parley/jid";
import { StanzaError, StreamError } from "@parley/stanza";
import { type Element, echo } from "@parley/xml";
import { PRESENCE_TYPES } from "../core/stanza-type";

const IQ_TYPES = new Set(["get", "set", "result", "error"]);

/**
 * Stamps `from` with the session's full JID. A `from` that is neither that full JID nor its bare
 * JID is invalid-from, a stream error (RFC 6120 §4.9.3.9, §8.1.2.1).
 */
export function stampFrom(stanza: Element, full: Jid): void {
  const given = stanza.attr("from");
  if (given !== undefined) {
    let claimed: Jid | undefined;
    try {
      claimed = Jid.parse(given);
    } catch {
      claimed = undefined;
    }
    if (!claimed || !(claimed.equals(full) || (claimed.isBare && claimed.bareEquals(full)))) {
      throw new StreamError("invalid-from", {
        text: `'from' must be ${full} (or its bare JID)`,
        lang: "en",
      });
    }
  }
  stanza.setAttr("from", full.toString());
}

/** Stanza-level checks; throws a StanzaError to send back (bad-request, RFC 6120 §8.3.3.1). */
export function validateStanza(stanza: Element): void {
  const type = stanza.attr("type");
  if (stanza.localName === "iq") {
    // §8.1.3: id is REQUIRED for iq; §8.2.3: type REQUIRED and one of four.
    if (stanza.attr("id") === undefined) throw badRequest("iq without id");
    if (type === undefined || !IQ_TYPES.has(type)) {
      throw badRequest(`invalid iq type "${echo(type ?? "")}"`);
    }
    const children = stanza.elements().length;
    if ((type === "get" || type === "set") && children !== 1) {
      throw badRequest(`iq ${type} must have exactly one child element, not ${children}`);
    }
    if (type === "result" && children > 1) throw badRequest("iq result with more than one child");
  } else if (stanza.localName === "presence") {
    if (type !== undefined && (!PRESENCE_TYPES.has(type) || type === "available")) {
      throw badRequest(`invalid presence type "${type}"`); // RFC 6121 §4.7.1
    }
  }
}

function badRequest(text: string): StanzaError {
  return new StanzaError("bad-request", { text, lang: "en" });
}
