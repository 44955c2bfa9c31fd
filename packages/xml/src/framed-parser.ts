import { firstInvalidChar, normalizeLineEnds } from "./chars";
import type { Element } from "./element";
import { Emitter } from "./emitter";
import { XmlParserStateError, XmlStreamError, echo } from "./errors";
import { type ParserLimits, resolveLimits } from "./options";
import type { XmlStreamEvents, XmlStreamParser } from "./parser";
import { SaxTree } from "./sax-tree";
import { Utf8ChunkDecoder, utf8Length } from "./utf8";

export const FRAMING_NS = "urn:ietf:params:xml:ns:xmpp-framing";

/**
 * Parses XMPP over WebSocket (RFC 7395): each `write()` is one WebSocket message holding exactly
 * one complete element, parsed as a document of its own with all its namespace declarations
 * (RFC 7395 §3.3.3). `<open/>` (§3.3.2) gives `streamStart`, `<close/>` (§3.6) gives
 * `streamEnd`, anything else `element`. A new `<open/>` restarts the stream (§3.7), so `reset()`
 * is only needed to accept an `<open/>` after a `<close/>`.
 *
 * Same restrictions and limits as `StreamParser`; a message is one unit for `maxStanzaBytes`.
 * Errors, listener exceptions and dead-parser behaviour are as for `StreamParser`.
 */
export class FramedParser extends Emitter<XmlStreamEvents> implements XmlStreamParser {
  private readonly limits: ParserLimits;
  private readonly decoder = new Utf8ChunkDecoder();
  private failure: XmlStreamError | undefined;
  private closed = false;
  private opened = false;
  private ended = false;
  private listenerError: { error: unknown } | undefined;

  constructor(limits: Partial<ParserLimits> = {}) {
    super();
    this.limits = resolveLimits(limits);
  }

  get error(): XmlStreamError | undefined {
    return this.failure;
  }

  protected override onListenerError(error: unknown): void {
    this.listenerError ??= { error };
  }

  write(message: string | Uint8Array): void {
    if (this.closed) throw new XmlParserStateError("write() after end()");
    if (this.failure) return;
    try {
      this.parseMessage(message);
    } catch (error) {
      if (!(error instanceof XmlStreamError)) throw error;
      this.fail(error);
    }
    const pending = this.listenerError;
    if (pending) {
      this.listenerError = undefined;
      throw pending.error;
    }
  }

  /** Every message is a complete unit (RFC 7395 §3.3.3): nothing is ever held between writes. */
  readonly pendingBytes = 0;

  reset(): void {
    if (this.failure || this.closed) return;
    this.opened = false;
    this.ended = false;
  }

  end(): void {
    this.closed = true;
  }

  private parseMessage(message: string | Uint8Array): void {
    const size = typeof message === "string" ? utf8Length(message) : message.length;
    if (size > this.limits.maxStanzaBytes) {
      throw new XmlStreamError(
        "policy-violation",
        `message larger than ${this.limits.maxStanzaBytes} bytes`,
      );
    }
    let text: string;
    if (typeof message === "string") {
      text = message;
    } else {
      // A WebSocket text message is complete UTF-8 on its own (RFC 6455 §5.6).
      const decoded = this.decoder.decode(message, true);
      if (decoded.invalid) throw new XmlStreamError("unsupported-encoding", "invalid UTF-8");
      text = decoded.text;
    }
    text = normalizeLineEnds(text);
    const invalidAt = firstInvalidChar(text);
    if (invalidAt !== -1) {
      const code = text.codePointAt(invalidAt)!.toString(16).toUpperCase();
      throw new XmlStreamError("not-well-formed", `character U+${code} is not allowed in XML`);
    }
    let element: Element | undefined;
    const tree = new SaxTree(
      {
        rootOpen: () => {},
        childStart: () => {},
        childEnd: () => {},
        rootEnd: (root) => {
          element = root;
        },
      },
      this.limits,
      true,
    );
    tree.write(text);
    tree.dropTopLevelText();
    if (!element) {
      const what = tree.started ? "an incomplete element" : "no element";
      throw new XmlStreamError("not-well-formed", `WebSocket message with ${what}`);
    }
    if (!tree.idle) throw new XmlStreamError("not-well-formed", "markup after the element");
    this.deliver(element);
  }

  private deliver(el: Element): void {
    const framing = el.ns === FRAMING_NS;
    if (this.ended) throw new XmlStreamError("not-well-formed", "message after <close/>");
    if (framing && el.localName === "open") {
      this.opened = true;
      this.emit("streamStart", el.attrs, el);
      return;
    }
    if (!this.opened) {
      // Mirrors the stream header checks of RFC 6120 §4.8.1 for the first message.
      throw framing
        ? new XmlStreamError("bad-format", `<${echo(el.name)}> before <open/>`)
        : new XmlStreamError("invalid-namespace", `<${echo(el.name)}> before <open/>`);
    }
    if (framing && el.localName === "close") {
      this.ended = true;
      this.emit("streamEnd");
      return;
    }
    this.emit("element", el);
  }

  private fail(error: XmlStreamError): void {
    this.failure = error;
    if (this.listenerCount("error") === 0) throw error;
    this.emit("error", error);
  }
}
