// XML namespaces used across Parley. Core ones come from RFC 6120 / RFC 6121 / RFC 7395;
// extension ones from the XEP named beside each constant.

export const NS = {
  // RFC 6120 §4.8.2: stanza default namespaces; XEP-0114 for external components.
  CLIENT: "jabber:client",
  SERVER: "jabber:server",
  COMPONENT: "jabber:component:accept",
  // RFC 6120 §4.8.1 stream namespace, §4.9.3 stream errors, §8.3.2 stanza errors.
  STREAM: "http://etherx.jabber.org/streams",
  STREAMS: "urn:ietf:params:xml:ns:xmpp-streams",
  STANZAS: "urn:ietf:params:xml:ns:xmpp-stanzas",
  // RFC 6120 §5 STARTTLS, §6 SASL, §7 resource binding.
  TLS: "urn:ietf:params:xml:ns:xmpp-tls",
  SASL: "urn:ietf:params:xml:ns:xmpp-sasl",
  BIND: "urn:ietf:params:xml:ns:xmpp-bind",
  // RFC 3921 §3 session establishment (kept for old clients; RFC 6121 dropped it).
  SESSION: "urn:ietf:params:xml:ns:xmpp-session",
  // RFC 7395 §3.3 WebSocket framing (<open/>, <close/>).
  FRAMING: "urn:ietf:params:xml:ns:xmpp-framing",
  // XEP-0206 BOSH.
  BOSH: "http://jabber.org/protocol/httpbind",
  XBOSH: "urn:xmpp:xbosh",
  // XEP-0220 server dialback.
  DIALBACK: "jabber:server:dialback",
  DIALBACK_FEATURE: "urn:xmpp:features:dialback",
  // RFC 6121 §2 roster, §2.6 roster versioning feature, §3.4 pre-approval feature.
  ROSTER: "jabber:iq:roster",
  ROSTER_VER: "urn:xmpp:features:rosterver",
  PRE_APPROVAL: "urn:xmpp:features:pre-approval",
  // XEP-0030 service discovery.
  DISCO_INFO: "http://jabber.org/protocol/disco#info",
  DISCO_ITEMS: "http://jabber.org/protocol/disco#items",
  PING: "urn:xmpp:ping", // XEP-0199
  VERSION: "jabber:iq:version", // XEP-0092
  TIME: "urn:xmpp:time", // XEP-0202
  LAST: "jabber:iq:last", // XEP-0012
  DELAY: "urn:xmpp:delay", // XEP-0203
  VCARD: "vcard-temp", // XEP-0054
  VCARD_UPDATE: "vcard-temp:x:update", // XEP-0153
  PRIVATE: "jabber:iq:private", // XEP-0049
  BLOCKING: "urn:xmpp:blocking", // XEP-0191
  BLOCKING_ERRORS: "urn:xmpp:blocking:errors",
  REGISTER: "jabber:iq:register", // XEP-0077
  REGISTER_FEATURE: "http://jabber.org/features/iq-register",
  CAPS: "http://jabber.org/protocol/caps", // XEP-0115
  SM: "urn:xmpp:sm:3", // XEP-0198
  CARBONS: "urn:xmpp:carbons:2", // XEP-0280
  FORWARD: "urn:xmpp:forward:0", // XEP-0297
  MAM: "urn:xmpp:mam:2", // XEP-0313
  RSM: "http://jabber.org/protocol/rsm", // XEP-0059
  SID: "urn:xmpp:sid:0", // XEP-0359 stanza-id and origin-id
  CSI: "urn:xmpp:csi:0", // XEP-0352
  RECEIPTS: "urn:xmpp:receipts", // XEP-0184
  CHATSTATES: "http://jabber.org/protocol/chatstates", // XEP-0085
  HINTS: "urn:xmpp:hints", // XEP-0334
  CORRECTION: "urn:xmpp:message-correct:0", // XEP-0308
  REACTIONS: "urn:xmpp:reactions:0", // XEP-0444
  OOB: "jabber:x:oob", // XEP-0066
  NICK: "http://jabber.org/protocol/nick", // XEP-0172
  DATA_FORMS: "jabber:x:data", // XEP-0004
  // XEP-0045 multi-user chat.
  MUC: "http://jabber.org/protocol/muc",
  MUC_USER: "http://jabber.org/protocol/muc#user",
  MUC_ADMIN: "http://jabber.org/protocol/muc#admin",
  MUC_OWNER: "http://jabber.org/protocol/muc#owner",
  // XEP-0060 publish-subscribe (and XEP-0163 PEP).
  PUBSUB: "http://jabber.org/protocol/pubsub",
  PUBSUB_EVENT: "http://jabber.org/protocol/pubsub#event",
  PUBSUB_OWNER: "http://jabber.org/protocol/pubsub#owner",
  PUBSUB_ERRORS: "http://jabber.org/protocol/pubsub#errors",
  BOOKMARKS: "urn:xmpp:bookmarks:1", // XEP-0402
  HTTP_UPLOAD: "urn:xmpp:http:upload:0", // XEP-0363
  PUSH: "urn:xmpp:push:0", // XEP-0357
  // XEP-0440 SASL channel-binding type capability (stream feature <sasl-channel-binding/>).
  SASL_CB: "urn:xmpp:sasl-cb:0",
  XEP0440: "urn:xmpp:sasl-cb:0",
  SASL2: "urn:xmpp:sasl:2", // XEP-0388
  BIND2: "urn:xmpp:bind:0", // XEP-0386
  FAST: "urn:xmpp:fast:0", // XEP-0484
  // XML 1.0 namespace bound to the `xml:` prefix (xml:lang).
  XML: "http://www.w3.org/XML/1998/namespace",
} as const;

export type Namespace = (typeof NS)[keyof typeof NS];
