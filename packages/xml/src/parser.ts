import type { Attributes, Element } from "./element";
import type { XmlStreamError } from "./errors";

/** Events of an XML stream parser. */
export interface XmlStreamEvents {
  /** The stream header (`<stream:stream>`, or `<open/>` in RFC 7395 framing) is complete. */
  streamStart: (attrs: Attributes, element: Element) => void;
  /** A complete top-level element (stanza or nonza), never a partial one. */
  element: (element: Element) => void;
  /** `</stream:stream>` (or `<close/>` in RFC 7395 framing). */
  streamEnd: () => void;
  /** The stream is unusable; the parser ignores all further input. */
  error: (error: XmlStreamError) => void;
}

/**
 * What the rest of Parley depends on, so that another XML backend can replace sax later.
 */
export interface XmlStreamParser {
  /** Feeds input: text, or UTF-8 bytes (a character may be split between two writes). */
  write(chunk: string | Uint8Array): void;
  /** Starts a new stream on the same connection (RFC 6120 §4.3.3, after STARTTLS and SASL). */
  reset(): void;
  /** No more input: releases buffers. Writing afterwards throws `XmlParserStateError`. */
  end(): void;
  on<K extends keyof XmlStreamEvents>(event: K, listener: XmlStreamEvents[K]): this;
  off<K extends keyof XmlStreamEvents>(event: K, listener: XmlStreamEvents[K]): this;
  /**
   * One object whose methods (`streamStart`, `element`, `streamEnd`, `error`) receive the events
   * before the listeners: no closure per event for a long-lived consumer. Replaces an earlier one.
   */
  receive(receiver: XmlStreamEvents | undefined): this;
  /** The error that stopped the parser, if any. */
  readonly error: XmlStreamError | undefined;
  /**
   * Bytes held of a unit (stream header or top-level element) not yet complete: 0 between
   * units. Lets a server time out a stanza that stalls half-way, or refuse bytes received
   * before a TLS upgrade.
   */
  readonly pendingBytes: number;
}
