import { Jid } from "@parley/jid";
import { NS, StanzaError, generateId, iq } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { NegotiationError } from "../errors";
import type { XmlStream } from "../stream/xml-stream";

/** RFC 6120 §7: binds a resource (ours if given, else the server's choice); returns the full JID. */
export async function bindResource(
  stream: XmlStream,
  features: Element,
  resource: string | undefined,
  timeoutMs: number,
): Promise<Jid> {
  if (!features.getChild("bind", NS.BIND)) {
    throw stream.fail(new NegotiationError("bind-failed", "the server offers no resource binding"));
  }
  const id = generateId();
  const bind = xml("bind", { xmlns: NS.BIND }, resource ? xml("resource", null, resource) : null);
  stream.send(iq({ type: "set", id }, bind));
  const answer = await waitForIq(stream, id, timeoutMs);
  if (answer.attr("type") === "error") {
    const error = StanzaError.fromStanza(answer) ?? new StanzaError("undefined-condition");
    throw stream.fail(new NegotiationError("bind-failed", error.message, { cause: error }));
  }
  const text = answer.getChild("bind", NS.BIND)?.getChildText("jid", NS.BIND);
  try {
    return Jid.parse(text ?? "");
  } catch (error) {
    throw stream.fail(new NegotiationError("bind-failed", `bad JID "${text}"`, { cause: error }));
  }
}

/**
 * RFC 3921 §3 session establishment, for servers that still list <session/> without <optional/>
 * (RFC 6121 removed it; Prosody marks it optional).
 */
export async function establishSession(
  stream: XmlStream,
  features: Element,
  timeoutMs: number,
): Promise<void> {
  const session = features.getChild("session", NS.SESSION);
  if (!session || session.getChild("optional", NS.SESSION)) return;
  const id = generateId();
  stream.send(iq({ type: "set", id }, xml("session", { xmlns: NS.SESSION })));
  const answer = await waitForIq(stream, id, timeoutMs);
  if (answer.attr("type") === "error") {
    throw stream.fail(new NegotiationError("negotiation-failed", "session establishment failed"));
  }
}

async function waitForIq(stream: XmlStream, id: string, timeoutMs: number): Promise<Element> {
  for (;;) {
    const el = await stream.next(timeoutMs);
    if (el.localName === "iq" && el.attr("id") === id) return el;
  }
}
