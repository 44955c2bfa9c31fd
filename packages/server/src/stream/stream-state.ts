// The states of a client-to-server stream (RFC 6120 §4), one at a time, checked on every element
// received: an element is acted on only in a state that allows it, by that check alone.
//
//   awaiting-header --header--> negotiating --bind / resumption--> open
//        ^                          |
//        +-- <proceed/> (§5.4.3.3), <success/> (§6.4.6): the stream restarts
//   any state --error, close, lost connection--> closing (final)
//
// An element that arrives while a header is awaited was parsed before the restart (the header
// is what the parser must see first): bytes sent ahead of a TLS upgrade or of SASL success. It is
// refused, never acted on (the STARTTLS command injection of CVE-2011-0411 and its kin).

export type StreamState = "awaiting-header" | "negotiating" | "open" | "closing";
