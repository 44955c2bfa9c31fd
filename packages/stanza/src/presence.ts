import { type ChildInput, Element } from "@parley/xml";
import { type CommonInit, commonAttrs } from "./address";
import { defaultText, hasDuplicateLang, langChildren, textsByLang } from "./lang";
import { NS } from "./ns";
import { StanzaView, badRequest } from "./stanza";

/** RFC 6121 §4.7.1 presence types; "available" stands for the absent attribute. */
export const PRESENCE_TYPES = [
  "available",
  "error",
  "probe",
  "subscribe",
  "subscribed",
  "unavailable",
  "unsubscribe",
  "unsubscribed",
] as const;
export type PresenceType = (typeof PRESENCE_TYPES)[number];
const presenceTypes: ReadonlySet<string> = new Set(PRESENCE_TYPES.slice(1));

/** RFC 6121 §4.7.2.1 availability sub-states. */
export const SHOW_VALUES = ["away", "chat", "dnd", "xa"] as const;
export type Show = (typeof SHOW_VALUES)[number];
const showValues: ReadonlySet<string> = new Set(SHOW_VALUES);

/** A typed view of a `<presence/>` (RFC 6121 §4). */
export class PresenceView extends StanzaView {
  static from(el: Element): PresenceView {
    if (el.localName !== "presence") throw new TypeError(`expected <presence/>, got <${el.name}/>`);
    return new PresenceView(el);
  }

  /**
   * "available" when the attribute is absent (RFC 6121 §4.7.1). Any other value than the
   * defined ones throws a bad-request StanzaError, the error §4.7.1 asks the recipient to return.
   */
  get type(): PresenceType {
    const t = this.rawType;
    if (t === undefined) return "available";
    if (!presenceTypes.has(t)) throw badRequest(`invalid presence type "${t}"`);
    return t as PresenceType;
  }

  /**
   * RFC 6121 §4.7.2.1. Undefined when absent, and also for a value outside the four defined
   * ones: the sender is still available, only its sub-state is unknown, so reading does not
   * fail (validate() does).
   */
  get show(): Show | undefined {
    const s = this.element.getChildText("show", this.element.ns);
    return s !== undefined && showValues.has(s) ? (s as Show) : undefined;
  }

  /** RFC 6121 §4.7.2.2, in the stanza's language. */
  get status(): string | undefined {
    return defaultText(this.element, "status");
  }

  statuses(): Map<string, string> {
    return textsByLang(this.element, "status");
  }

  /**
   * RFC 6121 §4.7.2.3: an integer from -128 to 127, 0 when absent. Anything else throws a
   * bad-request StanzaError, as the priority decides where messages to the bare JID go.
   */
  get priority(): number {
    const p = this.element.getChildText("priority", this.element.ns);
    if (p === undefined) return 0;
    const trimmed = p.trim();
    // xs:byte (RFC 6121 §4.7.2.3 schema): optional sign, decimal digits, whitespace collapsed.
    if (!/^[+-]?\d+$/.test(trimmed)) throw badRequest(`invalid priority "${p}"`);
    const n = Number(trimmed);
    if (n < -128 || n > 127) throw badRequest(`priority ${trimmed} outside -128..127`);
    return n === 0 ? 0 : n; // no -0
  }

  validate(): void {
    const el = this.element;
    void this.type;
    void this.priority;
    const shows = el.getChildren("show", el.ns);
    if (shows.length > 1) throw badRequest("more than one <show/>");
    if (shows.length === 1 && this.show === undefined) {
      throw badRequest(`invalid show "${shows[0]!.text()}"`);
    }
    if (el.getChildren("priority", el.ns).length > 1) throw badRequest("more than one <priority/>");
    if (hasDuplicateLang(el, "status"))
      throw badRequest("two <status/> elements share an xml:lang");
    if (this.isError && !el.getChild("error", el.ns)) throw badRequest("error without <error/>");
  }
}

export interface PresenceInit extends CommonInit {
  /** "available" (or undefined) writes no type attribute. */
  type?: PresenceType;
  show?: Show;
  status?: string;
  statuses?: Readonly<Record<string, string>>;
  priority?: number;
}

/** Builds a `<presence/>`; extra children (caps, muc, ...) follow the standard ones. */
export function presence(init: PresenceInit = {}, ...children: ChildInput[]): Element {
  const type = init.type === "available" ? undefined : init.type;
  if (type !== undefined && !presenceTypes.has(type)) {
    throw new TypeError(`not a presence type: ${type}`);
  }
  if (init.show !== undefined && !showValues.has(init.show)) {
    throw new TypeError(`not a show value: ${init.show}`);
  }
  const { priority } = init;
  if (
    priority !== undefined &&
    (!Number.isInteger(priority) || priority < -128 || priority > 127)
  ) {
    throw new RangeError(`priority must be an integer in -128..127, got ${priority}`);
  }
  const el = new Element("presence", commonAttrs(init, type), init.ns ?? NS.CLIENT);
  const text = (name: string) => (attrs: Record<string, string>, t: string) =>
    new Element(name, attrs).append(t);
  if (init.show !== undefined) el.append(text("show")({}, init.show));
  if (init.status !== undefined) el.append(text("status")({}, init.status));
  if (init.statuses) el.append(langChildren(text("status"), init.statuses));
  if (priority !== undefined) el.append(text("priority")({}, String(priority)));
  return el.append(...children);
}
