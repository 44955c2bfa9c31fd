// The XMPP address (RFC 7622).
import { prepareDomainpart, toAsciiDomain } from "./domainpart.js";
import { JidError } from "./errors.js";
import { unescapeLocal } from "./escaping.js";
import { prepareLocalpart, prepareResourcepart } from "./localpart.js";
import { MAX_INPUT_UNITS } from "./octets.js";

/** The parts of an address, as given by a caller: not yet prepared. */
export interface JidParts {
  local?: string;
  domain: string;
  resource?: string;
}

/**
 * An XMPP address. Every part is held in its prepared form (RFC 7622 §3.2-§3.4), "" when
 * absent, so equality is plain string equality of the parts.
 */
export class Jid {
  readonly local: string;
  readonly domain: string;
  readonly resource: string;
  /** The string form, made once (a private field: invisible to structural equality). */
  #text: string | undefined;
  /** The bare address of a full one, made once: routing asks for it on every stanza. */
  #bare: Jid | undefined;

  private constructor(local: string, domain: string, resource: string) {
    this.local = local;
    this.domain = domain;
    this.resource = resource;
  }

  /**
   * Parses and prepares an address string (RFC 7622 §3.1): the first "/" starts the
   * resourcepart (which may hold "@" and "/"); in what comes before, the first "@" ends the
   * localpart. Throws JidError.
   */
  static parse(input: string): Jid {
    if (input.length > 3 * MAX_INPUT_UNITS + 2) {
      throw new JidError("jid", "too-long", "the address is over 3071 octets");
    }
    const slash = input.indexOf("/");
    const head = slash < 0 ? input : input.slice(0, slash);
    const at = head.indexOf("@");
    const local = at < 0 ? undefined : head.slice(0, at);
    const domain = at < 0 ? head : head.slice(at + 1);
    const resource = slash < 0 ? undefined : input.slice(slash + 1);
    // A separator with nothing on its side is an error, not an absent part (RFC 7622 §3.3, §3.4).
    if (local === "") throw new JidError("localpart", "empty", "the localpart before '@' is empty");
    if (resource === "") {
      throw new JidError("resourcepart", "empty", "the resourcepart after '/' is empty");
    }
    const prepared = Jid.prepare(local, domain, resource);
    // Already in prepared form (the usual case on the wire): the input is the string form.
    if (
      prepared.domain === domain &&
      prepared.local === (local ?? "") &&
      prepared.resource === (resource ?? "")
    ) {
      prepared.#text = input;
    }
    return prepared;
  }

  /** Builds an address from parts, preparing each one; "" or undefined means absent. */
  static of(parts: JidParts): Jid {
    return Jid.prepare(parts.local || undefined, parts.domain, parts.resource || undefined);
  }

  private static prepare(local?: string, domain = "", resource?: string): Jid {
    return new Jid(
      local === undefined ? "" : prepareLocalpart(local),
      prepareDomainpart(domain),
      resource === undefined ? "" : prepareResourcepart(resource),
    );
  }

  /** The same address without its resourcepart. */
  bare(): Jid {
    if (this.resource === "") return this;
    this.#bare ??= new Jid(this.local, this.domain, "");
    return this.#bare;
  }

  /** The same bare address with another resourcepart (prepared). Throws JidError. */
  withResource(resource: string): Jid {
    return new Jid(this.local, this.domain, prepareResourcepart(resource));
  }

  /** No resourcepart. */
  get isBare(): boolean {
    return this.resource === "";
  }

  /** Has a resourcepart. */
  get isFull(): boolean {
    return this.resource !== "";
  }

  /** A domainpart alone: no localpart and no resourcepart. */
  get isDomain(): boolean {
    return this.local === "" && this.resource === "";
  }

  /** Compares prepared forms (RFC 7622 §3.2.3, §3.3.3, §3.4.3). An invalid string is unequal. */
  equals(other: Jid | string): boolean {
    const o = toJid(other);
    return o !== undefined && this.bareEquals(o) && o.resource === this.resource;
  }

  /** Equality of the bare addresses. */
  bareEquals(other: Jid | string): boolean {
    const o = toJid(other);
    return o !== undefined && o.local === this.local && o.domain === this.domain;
  }

  /** The localpart with XEP-0106 escapes undone, for display. */
  get unescapedLocal(): string {
    return unescapeLocal(this.local);
  }

  /** The domainpart with A-labels (xn--...), for DNS. */
  get asciiDomain(): string {
    return toAsciiDomain(this.domain);
  }

  toString(): string {
    if (this.#text === undefined) {
      const bare = this.local === "" ? this.domain : `${this.local}@${this.domain}`;
      this.#text = this.resource === "" ? bare : `${bare}/${this.resource}`;
    }
    return this.#text;
  }

  toJSON(): string {
    return this.toString();
  }
}

function toJid(value: Jid | string): Jid | undefined {
  return typeof value === "string" ? tryParseJid(value) : value;
}

/** Same as Jid.parse. Throws JidError. */
export function jid(input: string): Jid {
  return Jid.parse(input);
}

/** Jid.parse, returning undefined for an invalid address instead of throwing. */
export function tryParseJid(input: string): Jid | undefined {
  try {
    return Jid.parse(input);
  } catch (e) {
    if (e instanceof JidError) return undefined;
    throw e;
  }
}
