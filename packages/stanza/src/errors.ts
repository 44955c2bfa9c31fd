import { Element } from "@parley/xml";
import {
  isStanzaErrorCondition,
  isStanzaErrorType,
  isStreamErrorCondition,
  STANZA_ERROR_DEFAULT_TYPES,
  type StanzaErrorCondition,
  type StanzaErrorType,
  type StreamErrorCondition,
} from "./conditions";
import { conditionElement, readErrorParts, writeErrorParts } from "./error-parts";
import { NS } from "./ns";

// Typed errors of @parley/stanza. Protocol errors carry the RFC 6120 condition name in
// `condition`. Misuse of the API (replying to an error stanza, a priority of 500 given to a
// builder) throws the standard TypeError / RangeError instead: no condition applies to those.

export interface StanzaErrorOptions {
  /** Defaults to the type RFC 6120 §8.3.3 recommends for the condition. */
  type?: StanzaErrorType;
  /** Human-readable description (§8.3.2 <text/>), with its xml:lang. */
  text?: string;
  lang?: string;
  /** JID of the entity that generated the error (§8.3.2 `by`). */
  by?: string;
  /** Application-specific condition element (§8.3.2), kept as is. */
  application?: Element;
  /** New or alternate address carried by <gone/> (§8.3.3.5) and <redirect/> (§8.3.3.14). */
  redirect?: string;
  /** Legacy numeric code of XEP-0086, kept when a peer sent one. */
  code?: string;
  /** A condition element this library does not know; written back in place of the condition. */
  unknownCondition?: Element;
  cause?: unknown;
}

/** A stanza-level error (RFC 6120 §8.3). */
export class StanzaError extends Error {
  override readonly name = "StanzaError";
  readonly condition: StanzaErrorCondition;
  readonly type: StanzaErrorType;
  readonly text?: string;
  readonly lang?: string;
  readonly by?: string;
  readonly application?: Element;
  readonly redirect?: string;
  readonly code?: string;
  readonly unknownCondition?: Element;

  constructor(condition: StanzaErrorCondition, options: StanzaErrorOptions = {}) {
    if (!isStanzaErrorCondition(condition)) {
      throw new TypeError(`not an RFC 6120 stanza error condition: ${String(condition)}`);
    }
    super(options.text ? `${condition}: ${options.text}` : condition, { cause: options.cause });
    this.condition = condition;
    this.type = options.type ?? STANZA_ERROR_DEFAULT_TYPES[condition];
    if (!isStanzaErrorType(this.type)) throw new TypeError(`not a stanza error type: ${this.type}`);
    this.text = options.text;
    this.lang = options.text === undefined ? undefined : options.lang; // the language of the text
    this.by = options.by;
    this.application = options.application;
    this.redirect = options.redirect;
    this.code = options.code;
    this.unknownCondition = options.unknownCondition;
  }

  /**
   * The `<error type=...>` child for an error stanza (RFC 6120 §8.3.2). Its namespace is `ns`,
   * or, when not given, that of the stanza it is appended to.
   */
  toElement(ns?: string): Element {
    // Attribute order of the RFC 6120 §8.3.2 syntax and examples: by, (legacy code), type.
    const attrs: Record<string, string> = {};
    if (this.by !== undefined) attrs.by = this.by;
    if (this.code !== undefined) attrs.code = this.code;
    attrs.type = this.type;
    const condition =
      this.unknownCondition?.clone() ??
      conditionElement(
        this.condition,
        NS.STANZAS,
        carriesAddress(this.condition) ? this.redirect : undefined,
      );
    return writeErrorParts(new Element("error", attrs, ns ?? ""), NS.STANZAS, condition, this);
  }

  /**
   * Reads an `<error/>` element. A condition element this library does not know is reported as
   * undefined-condition and kept in `unknownCondition`; a missing or invalid `type` becomes the
   * condition's recommended type.
   */
  static fromElement(el: Element): StanzaError {
    if (el.localName !== "error") throw new TypeError(`expected <error/>, got <${el.name}/>`);
    const parts = readErrorParts(el, NS.STANZAS);
    const name = parts.condition?.localName;
    const known = name !== undefined && isStanzaErrorCondition(name);
    const condition: StanzaErrorCondition = known ? name : "undefined-condition";
    const type = el.attr("type");
    const data = parts.condition?.text();
    return new StanzaError(condition, {
      type: isStanzaErrorType(type) ? type : undefined,
      text: parts.text,
      lang: parts.lang,
      by: el.attr("by"),
      application: parts.application,
      redirect: known && carriesAddress(condition) && data !== "" ? data : undefined,
      code: el.attr("code"),
      unknownCondition: known ? undefined : parts.condition,
    });
  }

  /** The error carried by an error stanza (its `<error/>` child), or undefined when none. */
  static fromStanza(stanza: Element): StanzaError | undefined {
    const el = stanza.getChild("error", stanza.ns);
    return el ? StanzaError.fromElement(el) : undefined;
  }
}

function carriesAddress(condition: StanzaErrorCondition): boolean {
  return condition === "gone" || condition === "redirect";
}

export interface StreamErrorOptions {
  text?: string;
  lang?: string;
  /** Application-specific condition element (RFC 6120 §4.9.4), kept as is. */
  application?: Element;
  /** Host (optionally `host:port`) to reconnect to, for see-other-host (§4.9.3.19). */
  host?: string;
  /** A condition element this library does not know; written back in place of the condition. */
  unknownCondition?: Element;
  cause?: unknown;
}

/** A stream-level error (RFC 6120 §4.9): the stream is closed after it is sent. */
export class StreamError extends Error {
  override readonly name = "StreamError";
  readonly condition: StreamErrorCondition;
  readonly text?: string;
  readonly lang?: string;
  readonly application?: Element;
  readonly host?: string;
  readonly unknownCondition?: Element;

  constructor(condition: StreamErrorCondition, options: StreamErrorOptions = {}) {
    if (!isStreamErrorCondition(condition)) {
      throw new TypeError(`not an RFC 6120 stream error condition: ${String(condition)}`);
    }
    super(options.text ? `${condition}: ${options.text}` : condition, { cause: options.cause });
    this.condition = condition;
    this.text = options.text;
    this.lang = options.text === undefined ? undefined : options.lang; // the language of the text
    this.application = options.application;
    this.host = options.host;
    this.unknownCondition = options.unknownCondition;
  }

  /**
   * `<stream:error>` with its children in the streams namespace (RFC 6120 §4.9.2). Inside a
   * stream the `stream` prefix is declared by the stream header; `standalone` declares it on the
   * element itself, as RFC 7395 §3.6 WebSocket framing requires.
   */
  toElement(options: { standalone?: boolean } = {}): Element {
    const attrs: Record<string, string> = options.standalone ? { "xmlns:stream": NS.STREAM } : {};
    const data = this.condition === "see-other-host" ? this.host : undefined;
    const condition =
      this.unknownCondition?.clone() ?? conditionElement(this.condition, NS.STREAMS, data);
    return writeErrorParts(
      new Element("stream:error", attrs, NS.STREAM),
      NS.STREAMS,
      condition,
      this,
    );
  }

  /** Reads a `<stream:error/>`; unknown conditions become undefined-condition, kept as is. */
  static fromElement(el: Element): StreamError {
    if (el.localName !== "error" || el.ns !== NS.STREAM) {
      throw new TypeError(`expected <stream:error/>, got <${el.name}/> in "${el.ns}"`);
    }
    const parts = readErrorParts(el, NS.STREAMS);
    const name = parts.condition?.localName;
    const known = name !== undefined && isStreamErrorCondition(name);
    const condition: StreamErrorCondition = known ? name : "undefined-condition";
    const data = parts.condition?.text();
    return new StreamError(condition, {
      text: parts.text,
      lang: parts.lang,
      application: parts.application,
      host: condition === "see-other-host" && data !== "" ? data : undefined,
      unknownCondition: known ? undefined : parts.condition,
    });
  }
}
