import type { Jid } from "@parley/jid";
import type { MechanismName } from "@parley/sasl";
import { NS } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { NegotiationError } from "../errors";
import type { StreamManagement } from "../sm/stream-management";
import type { XmlStream } from "../stream/xml-stream";
import type { TlsMode } from "../transport/types";
import { bindResource, establishSession } from "./bind";
import { type SaslCredentials, authenticate } from "./sasl";
import { startTls } from "./starttls";

// The order of stream negotiation (RFC 6120 §4.3): STARTTLS, SASL, then either XEP-0198
// resumption of the previous session, or resource binding followed by enabling stream management.

export interface NegotiationOptions {
  tls: TlsMode | undefined;
  credentials: SaslCredentials;
  resource: string | undefined;
  timeoutMs: number;
  sm: StreamManagement;
  enableSm: boolean;
}

export type NegotiationResult =
  | {
      resumed: true;
      mechanism: MechanismName;
      features: Element;
      resend: Element[];
      early: Element[];
    }
  | {
      resumed: false;
      mechanism: MechanismName;
      jid: Jid;
      features: Element;
      /** Stanzas of a previous session that could not be resumed (see client.ts). */
      lost: { stanzas: Element[]; known: boolean } | undefined;
      early: Element[];
    };

export async function negotiate(
  stream: XmlStream,
  o: NegotiationOptions,
): Promise<NegotiationResult> {
  let features = await stream.open(o.timeoutMs);
  if (stream.transportInUse.canStartTls && o.tls !== "none") {
    features = await startTls(stream, features, o.timeoutMs);
  }
  const mechanism = await authenticate(stream, features, o.credentials, o.timeoutMs);
  features = await stream.restart(o.timeoutMs);
  const early: Element[] = [];
  const smOffered = features.getChild("sm", NS.SM) !== undefined;
  let lost: { stanzas: Element[]; known: boolean } | undefined;
  if (o.sm.resumable && smOffered) {
    stream.send(o.sm.resumeRequest());
    const answer = await nextSm(stream, o.timeoutMs, early);
    if (answer.localName === "resumed") {
      try {
        return { resumed: true, mechanism, features, resend: o.sm.onResumed(answer), early };
      } catch (error) {
        throw stream.fail(error as Error);
      }
    }
    lost = o.sm.onResumeFailed(answer);
  } else if (o.sm.resumable) {
    lost = { stanzas: o.sm.forget(), known: false };
  } else {
    o.sm.forget();
  }
  const jid = await bindResource(stream, features, o.resource, o.timeoutMs);
  await establishSession(stream, features, o.timeoutMs);
  if (o.enableSm && smOffered) {
    stream.send(o.sm.enableRequest(true));
    const answer = await nextSm(stream, o.timeoutMs, early);
    // <failed/> to <enable/> is not fatal: the session simply runs without stream management.
    if (answer.localName === "enabled") o.sm.onEnabled(answer);
  }
  return { resumed: false, mechanism, jid, features, lost, early };
}

/** The next XEP-0198 element; stanzas that arrive first are kept for the session. */
async function nextSm(stream: XmlStream, timeoutMs: number, early: Element[]): Promise<Element> {
  for (;;) {
    const el = await stream.next(timeoutMs);
    if (el.ns !== NS.SM) {
      early.push(el);
      continue;
    }
    if (["resumed", "failed", "enabled"].includes(el.localName)) return el;
    if (el.localName !== "r" && el.localName !== "a") {
      throw stream.fail(new NegotiationError("sm-failed", `unexpected <${el.name}/>`));
    }
  }
}
