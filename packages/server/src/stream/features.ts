// <stream:features> for each stage of negotiation (RFC 6120 §4.3.2, §5.3.1, §6.3.1, §7.2).
import { NS } from "@parley/stanza";
import { Element, xml } from "@parley/xml";
import { announcedBindingTypes } from "../transport/channel-binding";

export function starttlsFeature(required: boolean): Element {
  return xml("starttls", { xmlns: NS.TLS }, required ? xml("required") : null);
}

export function mechanismsFeature(names: readonly string[]): Element {
  return xml(
    "mechanisms",
    { xmlns: NS.SASL },
    names.map((n) => xml("mechanism", null, n)),
  );
}

/**
 * XEP-0440 §3: the channel-binding types the server can use on this connection, less those not
 * defined for its TLS version (tls-unique on TLS 1.3: accepted, never announced).
 */
export function channelBindingFeature(types: readonly string[]): Element {
  return xml(
    "sasl-channel-binding",
    { xmlns: NS.SASL_CB },
    announcedBindingTypes(types).map((type) => xml("channel-binding", { type })),
  );
}

export function bindFeatures(): Element[] {
  return [
    xml("bind", { xmlns: NS.BIND }),
    // RFC 3921 §3 session establishment, kept as optional for old clients (RFC 6121 App. E).
    xml("session", { xmlns: NS.SESSION }, xml("optional")),
  ];
}

export function featuresElement(features: readonly Element[], framed: boolean): Element {
  const attrs: Record<string, string> = framed ? { "xmlns:stream": NS.STREAM } : {};
  return new Element("stream:features", attrs, NS.STREAM).append(...features);
}
