// Parser limits. They are checked while bytes arrive, so a stanza that never ends cannot make
// the parser buffer more than about one limit (plus one internal slice of input).

export interface ParserLimits {
  /** Largest top-level element (stanza, nonza) in UTF-8 bytes, markup included. */
  maxStanzaBytes: number;
  /** Largest stream header (`<?xml?>` and `<stream:stream ...>`) in UTF-8 bytes. */
  maxHeaderBytes: number;
  /** Deepest nesting inside a stanza; the stanza itself is depth 1. */
  maxDepth: number;
  /** Most attributes on one element, namespace declarations included. */
  maxAttributes: number;
}

export const defaultLimits: Readonly<ParserLimits> = Object.freeze({
  maxStanzaBytes: 256 * 1024,
  maxHeaderBytes: 8 * 1024,
  maxDepth: 64,
  maxAttributes: 64,
});

export interface StreamParserOptions extends Partial<ParserLimits> {
  /**
   * `"websocket"`: RFC 7395 framing, each `write()` is one message holding exactly one element.
   * Default: a plain RFC 6120 XML stream (TCP, TLS), split anywhere.
   */
  framing?: "websocket";
}

export function resolveLimits(options: Partial<ParserLimits> = {}): ParserLimits {
  const limits = { ...defaultLimits };
  for (const key of Object.keys(defaultLimits) as (keyof ParserLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${key} must be a positive integer, got ${value}`);
    }
    limits[key] = value;
  }
  return limits;
}
