import { Jid, JidError } from "@parley/jid";
import type { Element } from "@parley/xml";
import { StanzaError } from "./errors";

// Common ground of the three stanza views. A view wraps an element without copying it and never
// rebuilds it: every getter reads the live element, so unknown children and attributes survive.

export type StanzaKind = "message" | "presence" | "iq";

export abstract class StanzaView {
  constructor(readonly element: Element) {}

  /** RFC 6120 §8.1.3 `id`. */
  get id(): string | undefined {
    return this.element.attr("id");
  }

  /** RFC 6120 §8.1.1 `to`, as written. */
  get to(): string | undefined {
    return this.element.attr("to");
  }

  /** RFC 6120 §8.1.2 `from`, as written. */
  get from(): string | undefined {
    return this.element.attr("from");
  }

  /**
   * `to` parsed and prepared (RFC 7622), undefined when absent. Parsed on every read; a bad
   * address throws a jid-malformed StanzaError (RFC 6120 §8.3.3.8) whose cause is the JidError.
   */
  get toJid(): Jid | undefined {
    return parseAddress(this.to, "to");
  }

  /** `from` parsed and prepared, like `toJid`. */
  get fromJid(): Jid | undefined {
    return parseAddress(this.from, "from");
  }

  /** RFC 6120 §8.1.5 `xml:lang` of the stanza itself (not inherited from the stream). */
  get lang(): string | undefined {
    return this.element.attr("xml:lang");
  }

  /** The `type` attribute exactly as written (undefined when absent). */
  get rawType(): string | undefined {
    return this.element.attr("type");
  }

  get isError(): boolean {
    return this.rawType === "error";
  }

  /** The stanza error of an error stanza (RFC 6120 §8.3), or undefined for other stanzas. */
  get error(): StanzaError | undefined {
    return this.isError ? StanzaError.fromStanza(this.element) : undefined;
  }

  /** First child element with that name and namespace (extensions are read through this). */
  child(name: string, ns: string): Element | undefined {
    return this.element.getChild(name, ns);
  }

  /**
   * Checks the stanza against the RFC rules this view knows, throwing a StanzaError (bad-request,
   * or what the rule names) that can be sent back with an error reply.
   */
  abstract validate(): void;
}

export function badRequest(text: string): StanzaError {
  return new StanzaError("bad-request", { text, lang: "en" });
}

function parseAddress(value: string | undefined, attr: string): Jid | undefined {
  if (value === undefined) return undefined;
  try {
    return Jid.parse(value);
  } catch (e) {
    if (!(e instanceof JidError)) throw e;
    throw new StanzaError("jid-malformed", {
      text: `'${attr}': ${e.message}`,
      lang: "en",
      cause: e,
    });
  }
}
