import { Element } from "@parley/xml";
import { type CommonInit, commonAttrs } from "./address";
import { generateId } from "./id";
import { NS } from "./ns";
import { StanzaView, badRequest } from "./stanza";

/** RFC 6120 §8.2.3 iq types. */
export const IQ_TYPES = ["error", "get", "result", "set"] as const;
export type IqType = (typeof IQ_TYPES)[number];
const iqTypes: ReadonlySet<string> = new Set(IQ_TYPES);

/** A typed view of an `<iq/>` (RFC 6120 §8.2.3). */
export class IqView extends StanzaView {
  static from(el: Element): IqView {
    if (el.localName !== "iq") throw new TypeError(`expected <iq/>, got <${el.name}/>`);
    return new IqView(el);
  }

  /** The type is REQUIRED (§8.2.3); a missing or unknown one throws a bad-request StanzaError. */
  get type(): IqType {
    const t = this.rawType;
    if (t === undefined) throw badRequest("iq without type");
    if (!iqTypes.has(t)) throw badRequest(`invalid iq type "${t}"`);
    return t as IqType;
  }

  /** True for get and set, the types that MUST be answered (§8.2.3 rule 3). */
  get isRequest(): boolean {
    const t = this.rawType;
    return t === "get" || t === "set";
  }

  /**
   * The payload element. get/set: exactly one child (§8.2.3 rule 4), else bad-request.
   * result: zero or one (rule 5), more is bad-request. error: the first child other than
   * <error/>, i.e. the original request payload when the responder included it.
   */
  get payload(): Element | undefined {
    const el = this.element;
    const type = this.type;
    if (type === "error") {
      return el.elements().find((c) => !(c.localName === "error" && c.ns === el.ns));
    }
    const children = el.elements();
    if (type === "result") {
      if (children.length > 1) throw badRequest("iq result with more than one child");
      return children[0];
    }
    if (children.length !== 1) {
      throw badRequest(`iq ${type} must have exactly one child, has ${children.length}`);
    }
    return children[0];
  }

  /** Namespace of the payload (what iq handlers dispatch on), undefined when none. */
  get payloadNs(): string | undefined {
    return this.payload?.ns;
  }

  validate(): void {
    const el = this.element;
    if (this.id === undefined) throw badRequest("iq without id"); // §8.1.3 and §8.2.3 rule 1
    void this.payload;
    if (this.isError && !el.getChild("error", el.ns)) throw badRequest("error without <error/>");
  }
}

export interface IqInit extends CommonInit {
  type: IqType;
}

/**
 * Builds an `<iq/>`. A missing id is generated (ids are REQUIRED for iq, §8.1.3). get and set
 * take exactly one payload, result at most one (§8.2.3 rules 4 and 5).
 */
export function iq(init: IqInit, ...payload: Element[]): Element {
  const { type } = init;
  if (!iqTypes.has(type)) throw new TypeError(`not an iq type: ${String(type)}`);
  if ((type === "get" || type === "set") && payload.length !== 1) {
    throw new TypeError(`iq ${type} takes exactly one payload element, got ${payload.length}`);
  }
  if (type === "result" && payload.length > 1) {
    throw new TypeError(`iq result takes at most one payload element, got ${payload.length}`);
  }
  const attrs = commonAttrs({ ...init, id: init.id ?? generateId() }, type);
  return new Element("iq", attrs, init.ns ?? NS.CLIENT).append(...payload);
}
