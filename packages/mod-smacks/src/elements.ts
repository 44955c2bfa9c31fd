// The XEP-0198 elements the server writes (urn:xmpp:sm:3).
import { NS, StreamError } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";

export const SM = NS.SM;

/** §2: the stream feature, offered after authentication. */
export function smFeature(): Element {
  return xml("sm", { xmlns: SM });
}

/** §3: stream management is on; `max` is the resumption time in seconds. */
export function enabled(id: string | undefined, maxSeconds: number | undefined): Element {
  const attrs: Record<string, string> = { xmlns: SM };
  if (id !== undefined) {
    attrs.id = id;
    attrs.resume = "true";
    if (maxSeconds !== undefined) attrs.max = String(maxSeconds);
  }
  return xml("enabled", attrs);
}

/** §6: `<failed/>` with a stanza error condition and, when known, the server's 'h' (§5). */
export function failed(condition: string, h?: number, extra?: Element): Element {
  const attrs: Record<string, string> = { xmlns: SM };
  if (h !== undefined) attrs.h = String(h);
  return xml("failed", attrs, xml(condition, { xmlns: NS.STANZAS }), extra);
}

export function ackRequest(): Element {
  return xml("r", { xmlns: SM });
}

export function ack(h: number): Element {
  return xml("a", { xmlns: SM, h: String(h) });
}

/** §5: the stream is resumed; 'h' is what the server handled of the client's stanzas. */
export function resumed(previd: string, h: number): Element {
  return xml("resumed", { xmlns: SM, h: String(h), previd });
}

/** §4: the application condition of a too high 'h'. */
export function handledCountTooHigh(h: number, sendCount: number): Element {
  return xml("handled-count-too-high", {
    xmlns: SM,
    h: String(h),
    "send-count": String(sendCount),
  });
}

/** §4: `<undefined-condition/>` stream error carrying `<handled-count-too-high/>`. */
export function handledCountTooHighError(h: number, sendCount: number): StreamError {
  return new StreamError("undefined-condition", {
    text: `you acknowledged ${h} stanzas but the server sent ${sendCount}`,
    lang: "en",
    application: handledCountTooHigh(h, sendCount),
  });
}
