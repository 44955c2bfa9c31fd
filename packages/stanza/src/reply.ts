import { Element } from "@parley/xml";
import type { StanzaError } from "./errors";
import { StanzaView } from "./stanza";

// Replies keep the request's id and swap its addresses: the reply goes to the request's `from`
// and comes from its `to` (RFC 6120 §8.2.3 rules 1 and 6; §8.3.1 for errors). An address the
// request did not carry stays off the reply (for a client, an absent `from` means its server).

export interface ErrorReplyOptions {
  /**
   * Copy the request's children into the error stanza before <error/>. RFC 6120 §8.3.1 says the
   * responder MAY include the original XML. Default: true for iq, where it is one small payload
   * that tells the requester which query failed; false for message and presence, which would
   * echo bodies and extensions back across the network for no benefit.
   */
  includeOriginal?: boolean;
}

type Stanza = Element | StanzaView;

function elementOf(stanza: Stanza): Element {
  return stanza instanceof StanzaView ? stanza.element : stanza;
}

function swapped(request: Element, type: string): Element {
  const attrs: Record<string, string> = {};
  const { from, to, id } = request.attrs;
  if (to !== undefined) attrs.from = to;
  if (id !== undefined) attrs.id = id;
  if (from !== undefined) attrs.to = from;
  attrs.type = type;
  return new Element(request.localName, attrs, request.ns);
}

function expectKind(el: Element, kind: string): void {
  if (el.localName !== kind) throw new TypeError(`expected <${kind}/>, got <${el.name}/>`);
}

/** The `result` answer to an iq get/set, with an optional payload (RFC 6120 §8.2.3 rule 5). */
export function iqResult(request: Stanza, payload?: Element): Element {
  const el = elementOf(request);
  expectKind(el, "iq");
  const type = el.attr("type");
  if (type !== "get" && type !== "set") {
    throw new TypeError(`only iq get and set are answered, not "${type}" (RFC 6120 §8.2.3)`);
  }
  const reply = swapped(el, "result");
  if (payload) reply.append(payload);
  return reply;
}

function errorStanza(el: Element, error: StanzaError, includeOriginal: boolean): Element {
  // §8.3.1: an entity MUST NOT answer an error stanza with another error stanza.
  if (el.attr("type") === "error") throw new TypeError("an error stanza is never answered");
  const reply = swapped(el, "error");
  if (includeOriginal) reply.append(el.elements().map((c) => c.clone()));
  return reply.append(error.toElement(el.ns));
}

/** The `error` answer to an iq get/set (RFC 6120 §8.2.3 rule 6, §8.3). */
export function iqError(
  request: Stanza,
  error: StanzaError,
  options: ErrorReplyOptions = {},
): Element {
  const el = elementOf(request);
  expectKind(el, "iq");
  if (el.attr("type") === "result") throw new TypeError("an iq result is never answered");
  return errorStanza(el, error, options.includeOriginal ?? true);
}

/** A message error bounced to the sender (RFC 6120 §8.3). */
export function messageError(
  request: Stanza,
  error: StanzaError,
  options: ErrorReplyOptions = {},
): Element {
  const el = elementOf(request);
  expectKind(el, "message");
  return errorStanza(el, error, options.includeOriginal ?? false);
}

/** A presence error bounced to the sender (RFC 6120 §8.3). */
export function presenceError(
  request: Stanza,
  error: StanzaError,
  options: ErrorReplyOptions = {},
): Element {
  const el = elementOf(request);
  expectKind(el, "presence");
  return errorStanza(el, error, options.includeOriginal ?? false);
}

/** The error reply for any stanza kind (what a router sends for an undeliverable stanza). */
export function errorReply(
  stanza: Stanza,
  error: StanzaError,
  options?: ErrorReplyOptions,
): Element {
  const el = elementOf(stanza);
  switch (el.localName) {
    case "iq":
      return iqError(el, error, options);
    case "message":
      return messageError(el, error, options);
    case "presence":
      return presenceError(el, error, options);
    default:
      throw new TypeError(`not a stanza: <${el.name}/>`);
  }
}
