import { NS, StreamError } from "@parley/stanza";
import {
  Element,
  type XmlStreamParser,
  createStreamParser,
  serialize,
  serializeOpenTag,
  xml,
} from "@parley/xml";
import { ConnectionError, TimeoutError, TlsError } from "../errors";
import type { Transport, TransportEvents } from "../transport/types";

// One XML stream over one transport (RFC 6120 §4, RFC 7395 §3): opens and restarts the stream,
// writes elements, and hands received elements either to a negotiation step waiting in `next()`
// or, once negotiation is over, to `onElement`. The first failure ends it: `onEnd` runs once.

interface Waiter {
  resolve(el: Element): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class XmlStream {
  /** Set after negotiation; receives every top-level element except stream errors. */
  onElement: ((el: Element) => void) | undefined;
  /** Called once when the stream is over, with the error unless it was closed by us. */
  onEnd: ((error?: Error) => void) | undefined;
  /** Attributes of the last stream header received (`id`, `from`, `version`). */
  header: Record<string, string> = {};
  ended = false;
  /** Why the stream ended, when it ended with an error. */
  endError: Error | undefined;

  private transport: Transport | undefined;
  private parser: XmlStreamParser | undefined;
  private readonly inbox: Element[] = [];
  private waiter: Waiter | undefined;
  private headerWaiter: (() => void) | undefined;
  private closing = false;
  /**
   * Set when <proceed/> (RFC 6120 §5.4.2.3) or SASL <success/> (§6.4.6) arrived: the stream is
   * about to be replaced, so nothing else from the old one may be used (see `element()`).
   */
  private pendingRestart: "tls" | "sasl" | undefined;

  constructor(
    private readonly domain: string,
    private readonly lang = "en",
  ) {}

  /** Events to give the transport when connecting it. */
  readonly events: TransportEvents = {
    data: (chunk) => this.receive(chunk),
    close: (error) => {
      const err = this.closing
        ? undefined
        : (error ?? new ConnectionError("connection-closed", "connection closed"));
      this.end(err);
    },
  };

  attach(transport: Transport): void {
    this.transport = transport;
    this.parser = this.newParser();
  }

  get encrypted(): boolean {
    return this.transport?.encrypted ?? false;
  }

  get transportInUse(): Transport {
    if (!this.transport) throw new Error("stream not attached");
    return this.transport;
  }

  /** Sends the stream header (or RFC 7395 <open/>) and waits for the server's features. */
  async open(timeoutMs: number): Promise<Element> {
    const t = this.transportInUse;
    const attrs = { to: this.domain, version: "1.0", "xml:lang": this.lang };
    const headerSeen = new Promise<void>((resolve) => {
      this.headerWaiter = resolve;
    });
    if (t.framing === "websocket") {
      t.write(serialize(xml("open", { xmlns: NS.FRAMING, ...attrs })));
    } else {
      const header = xml("stream:stream", {
        ...attrs,
        xmlns: NS.CLIENT,
        "xmlns:stream": NS.STREAM,
      });
      t.write(`<?xml version='1.0'?>${serializeOpenTag(header)}`);
    }
    const features = await this.next(timeoutMs);
    await headerSeen;
    if (features.localName !== "features" || features.ns !== NS.STREAM) {
      throw this.fail(
        new StreamError("bad-format", { text: `<${features.name}/> instead of features` }),
      );
    }
    return features;
  }

  /** RFC 6120 §4.3.3: a new stream after STARTTLS and after SASL. */
  restart(timeoutMs: number): Promise<Element> {
    this.parser?.reset();
    // Only what follows the new stream header counts (RFC 6120 §4.3.3, §5.4.3.3, §6.4.6).
    this.inbox.length = 0;
    this.pendingRestart = undefined;
    return this.open(timeoutMs);
  }

  /** Ends negotiation: from now on every element (queued ones first) goes to `handler`. */
  startDispatch(handler: (el: Element) => void): void {
    this.onElement = handler;
    for (const el of this.inbox.splice(0)) handler(el);
  }

  /** The next element received during negotiation. */
  next(timeoutMs: number): Promise<Element> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(new ConnectionError("connection-closed", "stream ended"));
    const timeout = new TimeoutError(`no answer from the server in ${timeoutMs} ms`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(timeout);
        this.fail(timeout);
      }, timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
  }

  send(el: Element): void {
    const t = this.transport;
    if (!t || this.ended) return;
    // Over TCP stanzas inherit jabber:client from the stream header; each RFC 7395 message
    // is a document of its own and declares its namespace.
    const out = isUnqualifiedStanza(el) ? inClientNamespace(el) : el;
    t.write(serialize(out, { parentNs: t.framing === "websocket" ? "" : NS.CLIENT }));
  }

  sendRaw(text: string): void {
    if (this.transport && !this.ended) this.transport.write(text);
  }

  /** Closes the stream politely (RFC 6120 §4.4) and then the connection. */
  close(): void {
    if (this.ended || !this.transport) {
      this.end();
      return;
    }
    this.closing = true;
    const t = this.transport;
    t.write(
      t.framing === "websocket"
        ? serialize(xml("close", { xmlns: NS.FRAMING }))
        : "</stream:stream>",
    );
    t.close();
    // The server answers with its own closing tag; do not wait forever for it.
    const timer = setTimeout(() => t.destroy(), 2000);
    (timer as { unref?: () => void }).unref?.();
  }

  /** Ends the stream with an error and drops the connection; returns the error. */
  fail(error: Error): Error {
    this.end(error);
    return error;
  }

  /** Drops the connection without a closing handshake (what a network failure looks like). */
  destroy(): void {
    this.transport?.destroy();
  }

  private newParser(): XmlStreamParser {
    const framing = this.transport?.framing === "websocket" ? "websocket" : undefined;
    const parser = createStreamParser(framing ? { framing } : {});
    parser.on("streamStart", (attrs) => {
      this.header = { ...attrs };
      this.headerWaiter?.();
      this.headerWaiter = undefined;
    });
    parser.on("element", (el) => this.element(el));
    parser.on("streamEnd", () => {
      this.end(
        this.closing
          ? undefined
          : new ConnectionError("connection-closed", "the server closed the stream"),
      );
    });
    parser.on("error", (error) => {
      // The parser's message starts with the condition: the text says only what went wrong.
      const prefix = `${error.condition}: `;
      const text = error.message.startsWith(prefix)
        ? error.message.slice(prefix.length)
        : error.message;
      const streamError = new StreamError(error.condition, { text, cause: error });
      this.sendRaw(
        this.transport?.framing === "websocket"
          ? serialize(streamError.toElement({ standalone: true }))
          : serialize(streamError.toElement()),
      );
      this.end(streamError);
    });
    return parser;
  }

  private receive(chunk: string | Uint8Array): void {
    if (this.ended || !this.parser) return;
    if (this.pendingRestart === "tls" && !this.encrypted) {
      this.end(dataAfterProceed());
      return;
    }
    try {
      this.parser.write(chunk);
    } catch (error) {
      this.end(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    // The start of an element after <proceed/>, in the same chunk: refused like a whole one.
    if (this.pendingRestart === "tls" && this.parser.pendingBytes > 0) this.end(dataAfterProceed());
  }

  private element(el: Element): void {
    // RFC 6120 §4.9: a stream error ends the stream.
    if (el.localName === "error" && el.ns === NS.STREAM) {
      this.end(StreamError.fromElement(el));
      return;
    }
    if (this.onElement) {
      this.onElement(el);
      return;
    }
    if (this.pendingRestart === "tls") {
      // RFC 6120 §5.4.3.3: after <proceed/> the next bytes are the TLS handshake. Anything else
      // in the clear is an injection (a man in the middle offering PLAIN, say): give up.
      this.end(dataAfterProceed());
      return;
    }
    // RFC 6120 §6.4.6: after <success/> only the new stream counts; stray elements are dropped.
    if (this.pendingRestart === "sasl") return;
    if (el.ns === NS.TLS && el.localName === "proceed") this.pendingRestart = "tls";
    else if (el.ns === NS.SASL && el.localName === "success") this.pendingRestart = "sasl";
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      clearTimeout(w.timer);
      w.resolve(el);
    } else this.inbox.push(el);
  }

  private end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.endError = error;
    const w = this.waiter;
    this.waiter = undefined;
    if (w) {
      clearTimeout(w.timer);
      w.reject(error ?? new ConnectionError("connection-closed", "stream ended"));
    }
    this.parser?.end();
    if (error) this.transport?.destroy();
    else this.transport?.close();
    this.onEnd?.(error);
  }
}

function dataAfterProceed(): TlsError {
  return new TlsError(
    "tls-failed",
    "the server sent data after <proceed/> before the TLS handshake (RFC 6120 §5.4.3.3)",
  );
}

const STANZA_NAMES = new Set(["message", "presence", "iq"]);

/** A stanza built without a namespace (`xml("message", …)`) is meant as jabber:client. */
function isUnqualifiedStanza(el: Element): boolean {
  return (
    el.ns === "" &&
    el.prefix === undefined &&
    el.attrs.xmlns === undefined &&
    STANZA_NAMES.has(el.name)
  );
}

/** The same stanza in jabber:client; its unqualified descendants follow (Element.append). */
function inClientNamespace(el: Element): Element {
  return new Element(el.name, el.attrs, NS.CLIENT).append(...el.children);
}
