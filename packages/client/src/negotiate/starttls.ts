import { NS } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { NegotiationError, TlsError } from "../errors";
import type { XmlStream } from "../stream/xml-stream";

/**
 * RFC 6120 §5.4: <starttls/>, then <proceed/> and the TLS handshake, then a new stream. Returns the
 * features of the new stream. Without the feature the client refuses to go on in the clear
 * (`encryption-required`), as §5.3.1 lets a client do.
 */
export async function startTls(
  stream: XmlStream,
  features: Element,
  timeoutMs: number,
): Promise<Element> {
  if (!features.getChild("starttls", NS.TLS)) {
    throw stream.fail(
      new NegotiationError("encryption-required", "the server does not offer STARTTLS"),
    );
  }
  stream.send(xml("starttls", { xmlns: NS.TLS }));
  const answer = await stream.next(timeoutMs);
  if (answer.ns !== NS.TLS || answer.localName !== "proceed") {
    // §5.4.2.2: <failure/> is followed by the server closing the stream.
    throw stream.fail(new TlsError("tls-failed", `STARTTLS answered with <${answer.name}/>`));
  }
  // Bytes that came with <proceed/> may have ended the stream already (xml-stream.ts).
  if (stream.ended) throw stream.endError ?? new TlsError("tls-failed", "stream ended");
  try {
    await stream.transportInUse.startTls();
  } catch (error) {
    throw stream.fail(error as Error);
  }
  return stream.restart(timeoutMs);
}
