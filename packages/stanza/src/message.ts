import { type ChildInput, Element } from "@parley/xml";
import { type CommonInit, commonAttrs } from "./address";
import { defaultText, hasDuplicateLang, langChildren, textsByLang } from "./lang";
import { NS } from "./ns";
import { StanzaView, badRequest } from "./stanza";

/** RFC 6121 §5.2.2 message types. */
export const MESSAGE_TYPES = ["chat", "error", "groupchat", "headline", "normal"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
const messageTypes: ReadonlySet<string> = new Set(MESSAGE_TYPES);

/** A typed view of a `<message/>` (RFC 6121 §5). */
export class MessageView extends StanzaView {
  /** Wraps `el`, checking that it is a message. */
  static from(el: Element): MessageView {
    if (el.localName !== "message") throw new TypeError(`expected <message/>, got <${el.name}/>`);
    return new MessageView(el);
  }

  /**
   * RFC 6121 §5.2.2: a missing type, or one the application does not understand, MUST be
   * treated as "normal". `rawType` has the attribute as written.
   */
  get type(): MessageType {
    const t = this.rawType;
    return t !== undefined && messageTypes.has(t) ? (t as MessageType) : "normal";
  }

  /** The body in the stanza's language, else the first body (RFC 6121 §5.2.3). */
  get body(): string | undefined {
    return defaultText(this.element, "body");
  }

  /** All bodies keyed by language ("" when neither the body nor the stanza names one). */
  bodies(): Map<string, string> {
    return textsByLang(this.element, "body");
  }

  /** RFC 6121 §5.2.4. */
  get subject(): string | undefined {
    return defaultText(this.element, "subject");
  }

  subjects(): Map<string, string> {
    return textsByLang(this.element, "subject");
  }

  /** RFC 6121 §5.2.5 thread identifier. */
  get thread(): string | undefined {
    return this.element.getChildText("thread", this.element.ns);
  }

  /** The `parent` attribute of <thread/> (RFC 6121 §5.2.5). */
  get parentThread(): string | undefined {
    return this.element.getChild("thread", this.element.ns)?.attr("parent");
  }

  validate(): void {
    const el = this.element;
    if (hasDuplicateLang(el, "body")) throw badRequest("two <body/> elements share an xml:lang");
    if (hasDuplicateLang(el, "subject")) {
      throw badRequest("two <subject/> elements share an xml:lang");
    }
    if (el.getChildren("thread", el.ns).length > 1) throw badRequest("more than one <thread/>");
    if (this.isError && !el.getChild("error", el.ns)) throw badRequest("error without <error/>");
  }
}

export interface MessageInit extends CommonInit {
  /** Omitted when not given (receivers then treat the message as "normal"). */
  type?: MessageType;
  body?: string;
  /** Alternate bodies keyed by xml:lang ("" for no xml:lang), RFC 6121 §5.2.3. */
  bodies?: Readonly<Record<string, string>>;
  subject?: string;
  subjects?: Readonly<Record<string, string>>;
  thread?: string;
  parentThread?: string;
}

/** Builds a `<message/>`; extra children (extensions) are appended after the standard ones. */
export function message(init: MessageInit = {}, ...children: ChildInput[]): Element {
  if (init.type !== undefined && !messageTypes.has(init.type)) {
    throw new TypeError(`not a message type: ${init.type}`);
  }
  if (init.parentThread !== undefined && init.thread === undefined) {
    throw new TypeError("parentThread needs a thread");
  }
  const el = new Element("message", commonAttrs(init, init.type), init.ns ?? NS.CLIENT);
  const text = (name: string) => (attrs: Record<string, string>, t: string) =>
    new Element(name, attrs).append(t);
  if (init.subject !== undefined) el.append(text("subject")({}, init.subject));
  if (init.subjects) el.append(langChildren(text("subject"), init.subjects));
  if (init.body !== undefined) el.append(text("body")({}, init.body));
  if (init.bodies) el.append(langChildren(text("body"), init.bodies));
  if (init.thread !== undefined) {
    const attrs: Record<string, string> = {};
    if (init.parentThread !== undefined) attrs.parent = init.parentThread;
    el.append(text("thread")(attrs, init.thread));
  }
  return el.append(...children);
}
