// Typed errors of @parley/mod-smacks (on the wire: XEP-0198 <failed/> and stream errors).

/** The `modules.smacks` config section is invalid; thrown from setup(), so the server won't start. */
export class SmacksConfigError extends Error {
  override readonly name = "SmacksConfigError";
}

/**
 * A stream management element the server cannot accept; `condition` is the RFC 6120 stanza
 * error condition that goes into `<failed/>` (XEP-0198 §6).
 */
export class SmacksProtocolError extends Error {
  override readonly name = "SmacksProtocolError";
  constructor(
    readonly condition: "bad-request" | "item-not-found" | "unexpected-request",
    message: string,
  ) {
    super(message);
  }
}

/**
 * XEP-0198 §4: the peer acknowledged more stanzas than were sent. On the wire: the stream error
 * `<undefined-condition/>` with `<handled-count-too-high h=… send-count=…/>`.
 */
export class HandledCountTooHighError extends Error {
  override readonly name = "HandledCountTooHighError";
  readonly condition = "undefined-condition";
  constructor(
    readonly h: number,
    readonly sendCount: number,
  ) {
    super(`acknowledged h=${h} but only ${sendCount} stanzas were sent`);
  }
}
