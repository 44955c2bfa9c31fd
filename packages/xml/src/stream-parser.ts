import { firstInvalidChar, incompleteTail, normalizeLineEnds } from "./chars";
import type { Element } from "./element";
import { Emitter } from "./emitter";
import { XmlParserStateError, XmlStreamError, echo } from "./errors";
import { type ParserLimits, resolveLimits } from "./options";
import type { XmlStreamEvents, XmlStreamParser } from "./parser";
import { SaxTree, type TreeHandler } from "./sax-tree";
import { Utf8ChunkDecoder, utf8Length } from "./utf8";

export const STREAM_NS = "http://etherx.jabber.org/streams";

/** Input is handed to sax in slices of at most this many characters, limits checked between. */
const SLICE = 16 * 1024;

/** Thrown through sax to stop at the point where a listener called `reset()`. */
const RESTART = Symbol("restart");

/**
 * Parses an RFC 6120 XML stream (TCP or TLS) that may be split anywhere: emits `streamStart`
 * for `<stream:stream>`, `element` for each complete top-level child and `streamEnd` for
 * `</stream:stream>`. Restricted XML (RFC 6120 §11.1) and the size limits are enforced while
 * the bytes arrive.
 *
 * After an error the parser is dead: later writes are ignored. Without an `error` listener the
 * error is thrown from `write()` instead. An exception thrown by a listener does not disturb
 * parsing; the first one is rethrown from `write()` once the chunk is parsed.
 */
export class StreamParser extends Emitter<XmlStreamEvents> implements XmlStreamParser, TreeHandler {
  private readonly limits: ParserLimits;
  private readonly decoder = new Utf8ChunkDecoder();
  private tree: SaxTree | undefined;
  private failure: XmlStreamError | undefined;
  private closed = false;
  private listenerError: { error: unknown } | undefined;
  /** End of the last chunk held back: half a surrogate pair, or a CR (see incompleteTail). */
  private carry = "";
  private writing = false;
  /** Set when a listener called reset(): characters of the current slice already consumed. */
  private restartAt = -1;

  // Size of the current unit (stream header or top-level element), in sax positions.
  private slice = "";
  private sliceStart = 0;
  private unitStart = 0;
  /** UTF-8 bytes of the unit before `sliceStart` (when it began in an earlier slice). */
  private unitBytes = 0;

  constructor(limits: Partial<ParserLimits> = {}) {
    super();
    this.limits = resolveLimits(limits);
    this.tree = this.newTree();
  }

  get error(): XmlStreamError | undefined {
    return this.failure;
  }

  get pendingBytes(): number {
    if (!this.tree) return 0;
    return this.unitBytes + this.carry.length + this.decoder.pendingBytes;
  }

  protected override onListenerError(error: unknown): void {
    this.listenerError ??= { error };
  }

  write(chunk: string | Uint8Array): void {
    if (this.closed) throw new XmlParserStateError("write() after end()");
    if (this.failure) return;
    let text: string;
    let bad: XmlStreamError | undefined;
    if (typeof chunk === "string") {
      text = this.carry + chunk;
    } else {
      const decoded = this.decoder.decode(chunk);
      text = this.carry + decoded.text;
      // RFC 6120 §4.9.3.22 and §11.6: bytes that break UTF-8 are an unsupported encoding.
      if (decoded.invalid) bad = new XmlStreamError("unsupported-encoding", "invalid UTF-8");
    }
    const wait = bad ? 0 : incompleteTail(text);
    this.carry = wait === 0 ? "" : text.slice(-wait);
    if (wait !== 0) text = text.slice(0, -wait);
    text = normalizeLineEnds(text);
    const invalidAt = firstInvalidChar(text);
    if (invalidAt !== -1) {
      const code = text.codePointAt(invalidAt)!.toString(16).toUpperCase();
      bad = new XmlStreamError("not-well-formed", `character U+${code} is not allowed in XML`);
      text = text.slice(0, invalidAt);
    }
    this.writing = true;
    try {
      this.feed(text);
      if (bad) throw bad;
    } catch (error) {
      if (!(error instanceof XmlStreamError)) {
        this.release();
        throw error;
      }
      this.fail(error);
    } finally {
      this.writing = false;
    }
    this.rethrowListenerError();
  }

  reset(): void {
    if (this.failure || this.closed) return;
    if (this.writing) {
      // Called by a listener inside write(): stop the old document right after the element
      // being delivered; the rest of the input belongs to the new stream (RFC 6120 §4.3.3).
      this.restartAt = this.tree!.position - this.sliceStart;
      return;
    }
    // Between writes: nothing received so far belongs to the new stream, not even the end of
    // a character split between writes (RFC 6120 §5.4.3.3: no byte survives a TLS upgrade).
    this.carry = "";
    this.decoder.clear();
    this.restart();
  }

  end(): void {
    this.closed = true;
    this.release();
  }

  private newTree(): SaxTree {
    // The parser is its own tree handler: no closures per stream.
    return new SaxTree(this, this.limits, false);
  }

  private restart(): void {
    this.restartAt = -1;
    this.tree = this.newTree();
    this.sliceStart = 0;
    this.unitStart = 0;
    this.unitBytes = 0;
  }

  private feed(text: string): void {
    let offset = 0;
    while (offset < text.length && this.tree) {
      const end = Math.min(text.length, offset + SLICE);
      const slice = offset === 0 && end === text.length ? text : text.slice(offset, end);
      this.slice = slice;
      this.sliceStart = this.tree.position;
      try {
        this.tree.write(slice);
      } catch (error) {
        if (error !== RESTART) throw error;
        if (this.closed || this.failure) return;
        offset += this.restartAt;
        this.restart();
        continue;
      }
      this.afterSlice();
      offset = end;
    }
    this.slice = "";
  }

  /** Bytes of the current unit up to the position sax has reached. */
  private unitSize(): number {
    const now = this.tree!.position - this.sliceStart;
    if (this.unitStart >= this.sliceStart) {
      return utf8Length(this.slice, this.unitStart - this.sliceStart, now);
    }
    return this.unitBytes + utf8Length(this.slice, 0, now);
  }

  private afterSlice(): void {
    const tree = this.tree!;
    if (tree.atTopLevel) tree.dropTopLevelText();
    const now = tree.position;
    if (tree.idle && tree.started) {
      // Between units nothing is kept: whitespace keep-alives never add up.
      this.unitStart = now;
      this.unitBytes = 0;
      return;
    }
    // Markup at top level in progress: the unit begins at its `<`. (Before the root, the header
    // unit runs from the start of the document, XML declaration included.)
    if (tree.atTopLevel && tree.started) {
      this.unitStart = Math.max(this.unitStart, tree.markupStart - 1);
    }
    this.unitBytes = this.unitSize();
    this.checkSize(this.unitBytes, tree.started);
  }

  private checkSize(bytes: number, stanza: boolean): void {
    const limit = stanza ? this.limits.maxStanzaBytes : this.limits.maxHeaderBytes;
    if (bytes > limit) {
      const what = stanza ? "top-level element" : "stream header";
      throw new XmlStreamError("policy-violation", `${what} larger than ${limit} bytes`);
    }
  }

  // ---- TreeHandler: called by the tree, not meant for applications ---------------------------

  /** @internal */
  rootOpen(root: Element): void {
    this.checkSize(this.unitSize(), false);
    // RFC 6120 §4.8.1: the stream header is qualified by the stream namespace.
    if (root.ns !== STREAM_NS) {
      throw new XmlStreamError(
        "invalid-namespace",
        `stream header in namespace "${echo(root.ns)}"`,
      );
    }
    if (root.localName !== "stream") {
      throw new XmlStreamError(
        "bad-format",
        `<${echo(root.name)}> where <stream:stream> was expected`,
      );
    }
    this.unitStart = this.tree!.position;
    this.emit("streamStart", root.attrs, root);
    this.afterEvent();
  }

  /** @internal */
  childStart(): void {
    this.unitStart = Math.max(this.unitStart, this.tree!.markupStart - 1);
  }

  /** @internal */
  childEnd(child: Element): void {
    this.checkSize(this.unitSize(), true);
    this.unitStart = this.tree!.position;
    this.emit("element", child);
    this.afterEvent();
  }

  /** @internal */
  rootEnd(): void {
    this.unitStart = this.tree!.position;
    this.emit("streamEnd");
    this.afterEvent();
  }

  private afterEvent(): void {
    if (this.failure || !this.tree) throw RESTART; // end() called by a listener: stop at once
    if (this.restartAt !== -1) throw RESTART;
  }

  private fail(error: XmlStreamError): void {
    this.failure = error;
    this.release();
    if (this.listenerCount("error") === 0) throw error;
    this.emit("error", error);
  }

  /** Drops everything buffered so that a dead or ended parser holds no input. */
  private release(): void {
    this.tree = undefined;
    this.slice = "";
    this.carry = "";
    this.decoder.clear();
  }

  private rethrowListenerError(): void {
    const pending = this.listenerError;
    if (pending) {
      this.listenerError = undefined;
      throw pending.error;
    }
  }
}
