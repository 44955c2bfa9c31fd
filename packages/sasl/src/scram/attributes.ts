// SCRAM attribute lists (RFC 5802 §5.1/§7): "a=value" items separated by ",", in a fixed order.
import { SaslError } from "../errors.js";

export interface Attribute {
  name: string;
  value: string;
}

const malformed = (text: string) => new SaslError("malformed-request", text);
const mandatoryExtension = () => malformed("mandatory SCRAM extension (m=) not supported");

/** Split "x=..,y=.." into attributes; each name is one ASCII letter (RFC 5802 §7 attr-val). */
export function parseAttributes(text: string): Attribute[] {
  if (text.length === 0) throw malformed("empty SCRAM message");
  return text.split(",").map((item) => {
    if (!/^[A-Za-z]=/.test(item)) throw malformed("bad SCRAM attribute");
    return { name: item[0]!, value: item.slice(2) };
  });
}

/**
 * Read attributes in the order RFC 5802 §7 fixes. `expect(name)` takes the next attribute and
 * fails unless it has that name; `rest()` returns what is left (the extensions).
 */
export class AttributeReader {
  #index = 0;
  constructor(private readonly attributes: readonly Attribute[]) {}

  expect(name: string): string {
    const attr = this.attributes[this.#index];
    if (attr?.name !== name) throw malformed(`expected attribute ${name}=`);
    this.#index++;
    return attr.value;
  }

  /** Refuse the mandatory-extension attribute m= (RFC 5802 §5.1: we support none). */
  refuseMandatoryExtension(): void {
    if (this.attributes[this.#index]?.name === "m") throw mandatoryExtension();
  }

  /**
   * What is left (the extensions, and the proof of a client-final-message). Unknown extensions
   * are ignored, but RFC 5802 §5.1: the presence of m= "MUST cause authentication failure when
   * the attribute is parsed by the other end", wherever it appears.
   */
  rest(): Attribute[] {
    const rest = this.attributes.slice(this.#index);
    if (rest.some((a) => a.name === "m")) throw mandatoryExtension();
    this.#index = this.attributes.length;
    return rest;
  }
}

/** A nonce is printable ASCII except "," (RFC 5802 §7 c-nonce / s-nonce). */
export function isValidNonce(nonce: string): boolean {
  return /^[\x21-\x2b\x2d-\x7e]+$/.test(nonce);
}

/** RFC 5802 §7 iteration-count: a positive decimal number, no leading zero. */
export function parseIterationCount(text: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(text)) throw malformed("bad iteration count");
  return Number(text);
}
