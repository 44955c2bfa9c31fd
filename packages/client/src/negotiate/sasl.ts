import {
  type ChannelBindingType,
  type MechanismName,
  SaslError,
  type SaslCondition,
  createClientMechanism,
  decodeSaslPayload,
  encodeSaslPayload,
  selectClientMechanism,
} from "@parley/sasl";
import { NS } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import type { XmlStream } from "../stream/xml-stream";

// RFC 6120 §6.4: SASL negotiation with @parley/sasl doing the mechanism work. The strongest
// mechanism both sides support is used (SCRAM-*-PLUS when the connection has a channel binding
// the server accepts, XEP-0440); PLAIN only on an encrypted stream.

export interface SaslCredentials {
  username: string;
  password: string;
  authzid?: string;
  /** Allow PLAIN on an unencrypted stream. Off by default, and best left off. */
  allowPlainWithoutTls?: boolean;
}

const SASL_CONDITIONS: ReadonlySet<string> = new Set<SaslCondition>([
  "aborted",
  "account-disabled",
  "credentials-expired",
  "encryption-required",
  "incorrect-encoding",
  "invalid-authzid",
  "invalid-mechanism",
  "malformed-request",
  "mechanism-too-weak",
  "not-authorized",
  "temporary-auth-failure",
]);

/** XEP-0440: the binding types the server announced, or undefined when it announced none. */
export function serverChannelBindingTypes(features: Element): ChannelBindingType[] | undefined {
  const cb = features.getChild("sasl-channel-binding", NS.SASL_CB);
  if (!cb) return undefined;
  return cb
    .getChildren("channel-binding", NS.SASL_CB)
    .map((c) => c.attr("type"))
    .filter((t): t is ChannelBindingType => t === "tls-exporter" || t === "tls-server-end-point");
}

/** Authenticates; returns the mechanism used. Throws SaslError (the stream is then failed). */
export async function authenticate(
  stream: XmlStream,
  features: Element,
  credentials: SaslCredentials,
  timeoutMs: number,
): Promise<MechanismName> {
  const mechanisms = features.getChild("mechanisms", NS.SASL);
  const offered = mechanisms?.getChildren("mechanism", NS.SASL).map((m) => m.text().trim()) ?? [];
  if (offered.length === 0 && !stream.encrypted) {
    // RFC 6120 §5.3.1, §6.4.1: a server that lists no mechanism before TLS requires TLS first.
    const text = features.getChild("starttls", NS.TLS)
      ? "the server requires TLS (STARTTLS) before authentication"
      : "the server offers no SASL mechanism without TLS";
    throw stream.fail(new SaslError("encryption-required", text));
  }
  const bindings = await stream.transportInUse.channelBindings();
  let choice: ReturnType<typeof selectClientMechanism>;
  try {
    choice = selectClientMechanism(offered, {
      encrypted: stream.encrypted,
      allowPlainWithoutTls: credentials.allowPlainWithoutTls,
      channelBindingTypes: bindings.map((b) => b.type),
      serverChannelBindingTypes: serverChannelBindingTypes(features),
      hasPassword: true,
    });
  } catch (error) {
    throw stream.fail(error as Error);
  }
  // RFC 5802 §6: a client that can bind must say so ("y") when the server offers no -PLUS, so a
  // server that can bind detects a stripped offer; so any binding we have goes to the mechanism.
  const binding = bindings.find((b) => b.type === choice.channelBindingType) ?? bindings[0];
  try {
    const mechanism = createClientMechanism(choice.name, {
      username: credentials.username,
      password: credentials.password,
      authzid: credentials.authzid,
      serverSupportsChannelBinding: choice.serverSupportsChannelBinding,
      ...(binding ? { channelBinding: binding } : {}),
    });
    const initial = await mechanism.start();
    stream.send(
      xml("auth", { xmlns: NS.SASL, mechanism: choice.name }, encodeSaslPayload(initial)),
    );
    for (;;) {
      const el = await stream.next(timeoutMs);
      if (el.ns !== NS.SASL) throw new SaslError("malformed-request", `unexpected <${el.name}/>`);
      if (el.localName === "challenge") {
        const reply = await mechanism.challenge(decodeSaslPayload(el.text()) ?? new Uint8Array());
        stream.send(xml("response", { xmlns: NS.SASL }, encodeSaslPayload(reply)));
      } else if (el.localName === "success") {
        await mechanism.success(decodeSaslPayload(el.text()));
        return choice.name;
      } else if (el.localName === "failure") {
        throw failureError(el);
      } else {
        throw new SaslError("malformed-request", `unexpected <${el.name}/>`);
      }
    }
  } catch (error) {
    throw stream.fail(error as Error);
  }
}

/** RFC 6120 §6.4.5: <failure/> with a condition and an optional <text/>. */
function failureError(el: Element): SaslError {
  const condition = el.elements().find((c) => c.localName !== "text")?.localName;
  const text = el.getChildText("text", NS.SASL);
  const known = condition !== undefined && SASL_CONDITIONS.has(condition);
  // The condition is the error's name; it is not repeated as its text.
  if (known) return new SaslError(condition as SaslCondition, text);
  return new SaslError("not-authorized", text ?? condition);
}
