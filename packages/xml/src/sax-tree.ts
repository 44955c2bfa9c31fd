import sax from "sax";
import { isXmlWhitespace } from "./chars";
import { Element } from "./element";
import { XmlStreamError, echo } from "./errors";
import { type NsScope, documentScope, rootScope } from "./namespaces";
import type { ParserLimits } from "./options";

// One XML document parsed by sax (strict mode) into Elements, namespaces resolved per element
// (namespaces.ts), with the RFC 6120 §11 restrictions and the depth and attribute limits enforced
// at the moment sax reaches them.
//
// sax 1.6.1 (pinned) does not report everything we must refuse through its events: an empty
// comment `<!---->` emits nothing, a DOCTYPE is reported only at its end, `<!ENTITY x "y">` makes
// it swallow the rest of the input, strict mode drops duplicate attributes silently and accepts
// `<` inside attribute values, and its entity lookup is case-insensitive. We therefore watch a
// few of its internal fields (HookedParser and the hooks after it); the tests cover each case.

export interface TreeHandler {
  /** The root's start tag is complete. */
  rootOpen(root: Element): void;
  /** A child of the root begins (stream mode only). */
  childStart(): void;
  /** A child of the root is complete (stream mode only). */
  childEnd(child: Element): void;
  /**
   * The root's end tag. In framing mode the root is complete with all its children; in stream
   * mode it is not kept after `rootOpen` (a long-lived stream should not hold its header).
   */
  rootEnd(root: Element | undefined): void;
}

/** sax internals we read or hook; names as in sax 1.6.1's lib/sax.js. */
interface SaxInternals extends sax.SAXParser {
  ENTITIES: Record<string, string>;
  attribList: unknown[];
  bufferCheckPosition: number;
  textNode: string;
  state: number;
  startTagPosition: number;
  position: number;
  parleyArmed: boolean;
  parleySgmlDecl: string;
  parleyTree: SaxTree;
}

const saxStates = (sax as unknown as { STATE: Record<string, number> }).STATE;
const TEXT = saxStates.TEXT!;
const BEGIN = saxStates.BEGIN!;
const BEGIN_WHITESPACE = saxStates.BEGIN_WHITESPACE!;

// XML 1.0 §4.6: the only entities a restricted-XML stream may reference (RFC 6120 §11.1).
const predefined: Record<string, string> = Object.assign(Object.create(null), {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
});

const restricted = (what: string) =>
  new XmlStreamError("restricted-xml", `${what} is not allowed in XMPP (RFC 6120 §11.1)`);

// sax parsers whose prototype watches three fields. sax assigns them the moment a comment, a
// DOCTYPE or any other `<!` construct begins, before (or instead of) any event. The accessors sit
// on a prototype: defined on the parser itself they would turn it into a slow dictionary-mode
// object and halve sax's speed. `parleyArmed` is set once sax's constructor has run.
const HookedParser: object = Object.create(sax.SAXParser.prototype);
for (const [field, what] of [
  ["comment", "a comment"],
  ["doctype", "a DOCTYPE"],
] as const) {
  Object.defineProperty(HookedParser, field, {
    get: () => "",
    set(this: SaxInternals) {
      if (this.parleyArmed) throw restricted(what);
    },
  });
}
// `<!` may start CDATA, a comment or a DOCTYPE (caught above), or a markup declaration such as
// <!ENTITY>: refused at its first letter. (sax would also lose its way in a quoted string there,
// as in <!ENTITY x "y">, and swallow the rest of the stream.)
Object.defineProperty(HookedParser, "sgmlDecl", {
  get(this: SaxInternals) {
    return this.parleySgmlDecl;
  },
  set(this: SaxInternals, value: string) {
    if (
      this.parleyArmed &&
      value !== "" &&
      value !== "-" &&
      !"[CDATA[".startsWith(value) &&
      !"DOCTYPE".startsWith(value.toUpperCase())
    ) {
      throw restricted("a markup declaration");
    }
    this.parleySgmlDecl = value;
  },
});

// Everything below is shared by all parsers, so that an idle stream holds only sax's own fields:
// the event handlers sit on the prototype too (sax calls them as methods of the parser), and
// the entity table and attribute list hooks find their tree through the parser that asks.
const saxOptions = { xmlns: false, strictEntities: true, position: true } as sax.SAXOptions;

/**
 * The tree whose parser last read `ENTITIES` or `attribList` (sax uses them right away); cleared
 * after each use and after each write, so that no dead tree stays reachable from here.
 */
let asking: SaxTree | undefined;

// Entity lookups go through this object, first with the name as written: every named entity but
// the five predefined ones is refused, case-sensitively (sax would also try lower case).
const entities = new Proxy(predefined, {
  get(target, key) {
    const tree = asking!;
    asking = undefined; // no dead tree stays reachable from here
    return typeof key === "string" ? tree.entity(target, key) : undefined;
  },
});

// sax drops a repeated attribute silently. Before it checks tag.attributes it asks
// attribList.indexOf(name), a list that stays empty without its xmlns mode: answer there.
const attribList = {
  length: 0,
  indexOf(name: string) {
    const tree = asking!;
    asking = undefined;
    return tree.repeatedAttribute(name);
  },
};

const handlers: Record<string, (this: SaxInternals, ...args: never[]) => void> = {
  onopentagstart(tag: sax.Tag) {
    this.parleyTree.openTagStart(tag.name);
  },
  onattribute({ name, value }: { name: string; value: string }) {
    this.parleyTree.attribute(name, value);
  },
  onopentag() {
    this.parleyTree.openTag();
  },
  onclosetag() {
    this.parleyTree.closeTag();
  },
  ontext(text: string) {
    this.parleyTree.appendText(text);
  },
  oncdata(text: string) {
    this.parleyTree.appendText(text);
  },
  onprocessinginstruction({ name, body }: { name: string; body: string }) {
    this.parleyTree.processingInstruction(name, body);
  },
  oncomment() {
    throw restricted("a comment");
  },
  ondoctype() {
    throw restricted("a DOCTYPE");
  },
  onsgmldeclaration() {
    throw restricted("a markup declaration");
  },
  onerror(error: Error) {
    const message = error.message.split("\n", 1)[0]!;
    if (message.startsWith("Inappropriately located doctype")) throw restricted("a DOCTYPE");
    throw new XmlStreamError("not-well-formed", message);
  },
};
Object.assign(HookedParser, handlers);
Object.defineProperty(HookedParser, "ENTITIES", {
  get(this: SaxInternals) {
    asking = this.parleyTree;
    return entities;
  },
  set() {}, // sax's constructor assigns its own table
});
Object.defineProperty(HookedParser, "attribList", {
  get(this: SaxInternals) {
    asking = this.parleyTree;
    return attribList;
  },
  set() {},
});

const noAttributes: Record<string, string> = Object.freeze({});

export class SaxTree {
  private readonly sax: SaxInternals;
  private rootOpened = false;
  private rootClosed = false;
  /** Open elements of the stanza being built (in framing mode: starting with the root). */
  private readonly stack: Element[] = [];
  /** The element whose start tag is being read. */
  private current: Element | undefined;
  private attributeCount = 0;
  /** Namespace declarations and prefixed attribute names of `current`. */
  private readonly decls: [string, string][] = [];
  private readonly prefixedAttrs: string[] = [];
  /** Namespace scopes of all open elements, the root's included. */
  private readonly scopes: NsScope[] = [];
  /** `<` characters produced by references since the last attribute (see `attribute`). */
  private ltFromRefs = 0;
  private lastRefPosition = -1;
  /** Any tag or processing instruction seen yet (the XML declaration must come first). */
  private sawMarkup = false;

  constructor(
    private readonly handler: TreeHandler,
    private readonly limits: ParserLimits,
    /** Framing mode: the root is the stanza and keeps its children. */
    private readonly rootIsStanza: boolean,
  ) {
    // strictEntities: only the XML entities, not sax's HTML table (&nbsp; and friends).
    // No xmlns: namespaces are resolved here (namespaces.ts), which is much faster.
    const parser = Object.create(HookedParser) as SaxInternals;
    (sax.SAXParser as unknown as (...args: unknown[]) => void).call(parser, true, saxOptions);
    parser.parleyArmed = true;
    parser.parleyTree = this;
    // sax flushes its buffers at a global 64 KiB threshold and fails on longer names or values;
    // our own byte limits bound every buffer instead, per stanza.
    parser.bufferCheckPosition = Number.POSITIVE_INFINITY;
    this.sax = parser;
  }

  /** Feeds text; throws `XmlStreamError` (or whatever a handler throws). */
  write(text: string): void {
    try {
      this.sax.write(text);
    } finally {
      asking = undefined; // sax resets attribList without asking anything after
    }
  }

  /** Characters consumed so far (UTF-16 code units). */
  get position(): number {
    return this.sax.position;
  }

  /** Position of the last `<` seen (1-based, as sax counts). */
  get markupStart(): number {
    return this.sax.startTagPosition;
  }

  get started(): boolean {
    return this.rootOpened;
  }

  get ended(): boolean {
    return this.rootClosed;
  }

  /** No element of a stanza is open (the parser is between top-level elements or outside). */
  get atTopLevel(): boolean {
    return this.stack.length === 0;
  }

  /** At top level and not inside any markup: the next byte starts something new. */
  get idle(): boolean {
    const state = this.sax.state;
    return (
      this.stack.length === 0 && (state === TEXT || state === BEGIN || state === BEGIN_WHITESPACE)
    );
  }

  /**
   * Drops character data buffered between top-level elements, so whitespace keep-alives
   * (RFC 6120 §4.6.1) never accumulate. Anything but whitespace there is refused.
   */
  dropTopLevelText(): void {
    const text = this.sax.textNode;
    if (text === "" || this.stack.length !== 0) return;
    this.topLevelText(text);
    this.sax.textNode = "";
  }

  private topLevelText(text: string): void {
    if (isXmlWhitespace(text)) return;
    if (this.rootOpened && !this.rootClosed) {
      throw new XmlStreamError("bad-format", "character data between top-level elements");
    }
    throw new XmlStreamError("not-well-formed", "character data outside the root element");
  }

  appendText(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      this.topLevelText(text);
      return;
    }
    const children = top.children;
    const last = children.length - 1;
    if (last >= 0 && typeof children[last] === "string") children[last] += text;
    else children.push(text);
  }

  // ---- sax events (called through the shared handlers above) ----------------------------------

  openTagStart(name: string): void {
    if (this.rootClosed) {
      throw new XmlStreamError("not-well-formed", "a second root element");
    }
    this.ltFromRefs = 0;
    this.sawMarkup = true;
    this.decls.length = 0;
    this.attributeCount = 0;
    this.prefixedAttrs.length = 0;
    // Attributes go straight into the new Element (attribute()); its namespace is set when the
    // start tag is complete.
    this.current = new Element(name, null, "");
    if (!this.rootOpened) return;
    if (!this.rootIsStanza && this.stack.length === 0) this.handler.childStart();
    if (this.stack.length + 1 > this.limits.maxDepth) {
      throw new XmlStreamError(
        "policy-violation",
        `elements nested deeper than ${this.limits.maxDepth}`,
      );
    }
  }

  openTag(): void {
    const el = this.current!;
    this.current = undefined;
    const parentScope = this.scopes[this.scopes.length - 1] ?? documentScope;
    const scope =
      this.decls.length === 0
        ? parentScope
        : parentScope === documentScope
          ? rootScope(this.decls)
          : parentScope.child(this.decls);
    this.scopes.push(scope);
    el.ns = this.resolve(scope, el.name, true);
    for (const name of this.prefixedAttrs) this.resolve(scope, name, false);
    // Nothing of this start tag stays referenced once it is done.
    this.decls.length = 0;
    this.prefixedAttrs.length = 0;
    if (!this.rootOpened) {
      this.rootOpened = true;
      if (this.rootIsStanza) this.stack.push(el);
      else this.forgetRootAttributes();
      this.handler.rootOpen(el);
      return;
    }
    this.stack[this.stack.length - 1]?.children.push(el);
    this.stack.push(el);
  }

  closeTag(): void {
    this.scopes.pop();
    const el = this.stack.pop();
    if (el === undefined) {
      this.rootClosed = true;
      this.handler.rootEnd(undefined);
    } else if (this.stack.length === 0) {
      if (this.rootIsStanza) {
        this.rootClosed = true;
        this.handler.rootEnd(el);
      } else {
        // sax keeps the tag it closed last (with its attributes) until the next one opens.
        this.sax.tag = undefined as unknown as sax.Tag;
        this.handler.childEnd(el);
      }
    }
  }

  /**
   * sax holds the root's start tag (name and attributes) on its stack until the root closes,
   * only to match the end tag's name: a long-lived stream keeps just the name, as a shared string
   * when it is the usual one.
   */
  private forgetRootAttributes(): void {
    const tag = this.sax.tag;
    tag.attributes = noAttributes;
    if (tag.name === "stream:stream") tag.name = "stream:stream";
  }

  /** Namespace URI of an element or attribute name in `scope`. */
  private resolve(scope: NsScope, name: string, element: boolean): string {
    const colon = name.indexOf(":");
    if (colon === -1) return element ? scope.defaultNs : "";
    const uri = scope.lookup(name.slice(0, colon));
    if (uri !== undefined) return uri;
    // RFC 6120 §4.9.3.2: a stream header with an undeclared prefix.
    const condition =
      !this.rootOpened && !this.rootIsStanza ? "bad-namespace-prefix" : "not-well-formed";
    throw new XmlStreamError(condition, `undeclared namespace prefix in ${echo(name)}`);
  }

  attribute(name: string, value: string): void {
    const attrs = this.current!.attrs;
    if (name === "hasOwnProperty") {
      // sax calls tag.attributes.hasOwnProperty() for the next attribute: keep it callable.
      delete (this.sax.tag.attributes as Record<string, unknown>)[name];
    }
    if (++this.attributeCount > this.limits.maxAttributes) {
      throw new XmlStreamError(
        "policy-violation",
        `more than ${this.limits.maxAttributes} attributes on one element`,
      );
    }
    // XML 1.0 §3.1 WFC "No < in Attribute Values": a `<` is fine only when a reference made it.
    if (value.includes("<") && value.split("<").length - 1 > this.ltFromRefs) {
      throw new XmlStreamError("not-well-formed", `'<' in the value of attribute ${echo(name)}`);
    }
    this.ltFromRefs = 0;
    attrs[name] = value;
    if (name.charCodeAt(0) === 120 /* x */ && name.startsWith("xmlns")) {
      if (name.length === 5) this.decls.push(["", value]);
      else if (name.charCodeAt(5) === 58 /* : */) this.decls.push([name.slice(6), value]);
      else if (name.includes(":")) this.prefixedAttrs.push(name);
    } else if (name.includes(":")) {
      this.prefixedAttrs.push(name);
    }
  }

  processingInstruction(name: string, body: string): void {
    const first = !this.sawMarkup;
    this.sawMarkup = true;
    if (name.toLowerCase() !== "xml") throw restricted("a processing instruction");
    // XML 1.0 §2.8: the XML declaration opens the document. We tolerate whitespace before it:
    // after a stream restart a whitespace keep-alive may precede the new header.
    if (name !== "xml" || !first) {
      throw new XmlStreamError("not-well-formed", "XML declaration not at the start");
    }
    const encoding = /\bencoding\s*=\s*["']([^"']*)["']/.exec(body)?.[1];
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
      // RFC 6120 §11.6: XMPP streams are UTF-8 only.
      throw new XmlStreamError("unsupported-encoding", `encoding ${echo(encoding)} declared`);
    }
  }

  /** sax asks before adding an attribute (see `attribList`): a repeated one is an error. */
  repeatedAttribute(name: string): number {
    if (this.current && Object.hasOwn(this.current.attrs, name)) {
      throw new XmlStreamError("not-well-formed", `duplicate attribute ${echo(name)}`);
    }
    return -1;
  }

  entity(target: Record<string, string>, name: string): string | undefined {
    // sax looks each reference up twice or three times: count a produced `<` only once.
    const first = this.sax.position !== this.lastRefPosition;
    this.lastRefPosition = this.sax.position;
    const value = target[name];
    if (value !== undefined) {
      if (first && value === "<") this.ltFromRefs++;
      return value;
    }
    if (name.charCodeAt(0) !== 35 /* # */) throw restricted(`the entity reference &${echo(name)};`);
    if (name.charCodeAt(1) === 88 /* X */) {
      throw new XmlStreamError("not-well-formed", `bad character reference &${echo(name)};`);
    }
    const hex = name.charCodeAt(1) === 120; /* x */
    if (first && Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10) === 0x3c) {
      this.ltFromRefs++;
    }
    return undefined;
  }
}
