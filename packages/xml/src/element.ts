import { serialize } from "./serialize";

// An XML element tree without parent pointers: a stanza never keeps its stream or parent alive
// (STYLE.md). Each element carries its resolved namespace URI in `ns`, fixed when parsed or built.

export type Attributes = Record<string, string>;
export type Node = Element | string;
export type ChildInput = Node | readonly ChildInput[] | null | undefined | false;

export class Element {
  /** Qualified name as written, with a prefix if it has one (`stream:features`). */
  readonly name: string;
  /** Attributes as written, including `xmlns` and `xmlns:*` declarations. */
  readonly attrs: Attributes;
  readonly children: Node[] = [];
  /** Namespace URI of this element ("" when none is known). */
  ns: string;

  constructor(name: string, attrs?: Attributes | null, ns?: string) {
    this.name = name;
    this.attrs = attrs ? { ...attrs } : {};
    this.ns = ns ?? declaredNamespace(name, this.attrs) ?? "";
  }

  /** Local name without prefix. */
  get localName(): string {
    const colon = this.name.indexOf(":");
    return colon === -1 ? this.name : this.name.slice(colon + 1);
  }

  get prefix(): string | undefined {
    const colon = this.name.indexOf(":");
    return colon === -1 ? undefined : this.name.slice(0, colon);
  }

  attr(name: string): string | undefined {
    return this.attrs[name];
  }

  /** Sets (or, with undefined, removes) an attribute. Returns this for chaining. */
  setAttr(name: string, value: string | undefined): this {
    if (value === undefined) delete this.attrs[name];
    else this.attrs[name] = value;
    return this;
  }

  /**
   * Appends children. A child element without a namespace of its own inherits this element's
   * namespace, as an unprefixed child written inside it would.
   */
  append(...children: ChildInput[]): this {
    for (const child of children) this.appendOne(child);
    return this;
  }

  private appendOne(child: ChildInput): void {
    if (child === null || child === undefined || child === false) return;
    if (typeof child === "string") {
      if (child !== "") this.children.push(child);
      return;
    }
    if (child instanceof Element) {
      if (this.ns !== "") inheritNamespace(child, this.ns);
      this.children.push(child);
      return;
    }
    for (const c of child as readonly ChildInput[]) this.appendOne(c);
  }

  /** Removes the given child elements (by identity). Returns how many were removed. */
  remove(...elements: Element[]): number {
    const before = this.children.length;
    const drop = new Set<Node>(elements);
    const kept = this.children.filter((c) => !drop.has(c));
    this.children.length = 0;
    this.children.push(...kept);
    return before - kept.length;
  }

  /** Child elements, optionally filtered by local name and namespace. */
  getChildren(localName?: string, ns?: string): Element[] {
    const found: Element[] = [];
    for (const c of this.children) {
      if (typeof c !== "string" && matches(c, localName, ns)) found.push(c);
    }
    return found;
  }

  /** First child element with that local name (and namespace, when given). */
  getChild(localName: string, ns?: string): Element | undefined {
    for (const c of this.children) {
      if (typeof c !== "string" && matches(c, localName, ns)) return c;
    }
    return undefined;
  }

  /** All child elements. */
  elements(): Element[] {
    return this.getChildren();
  }

  /** Concatenated character data of the direct text children. */
  text(): string {
    let out = "";
    for (const c of this.children) if (typeof c === "string") out += c;
    return out;
  }

  /** Text of the first matching child, or undefined when there is no such child. */
  getChildText(localName: string, ns?: string): string | undefined {
    return this.getChild(localName, ns)?.text();
  }

  /** Replaces all children with one text node. */
  setText(text: string): this {
    this.children.length = 0;
    if (text !== "") this.children.push(text);
    return this;
  }

  /** Serialized XML (see `serialize` for writing inside a stream with a default namespace). */
  toString(): string {
    return serialize(this);
  }

  /** Deep copy. */
  clone(): Element {
    const copy = new Element(this.name, this.attrs, this.ns);
    for (const c of this.children) copy.children.push(typeof c === "string" ? c : c.clone());
    return copy;
  }
}

/**
 * Gives an element built without a namespace (and without an `xmlns=""` of its own) the
 * namespace of its new parent, and so on down its subtree: a tree built bottom-up ends up
 * like the same XML written out in one piece.
 */
function inheritNamespace(el: Element, ns: string): void {
  if (el.ns !== "" || el.prefix !== undefined || el.attrs.xmlns !== undefined) return;
  el.ns = ns;
  for (const c of el.children) if (typeof c !== "string") inheritNamespace(c, ns);
}

function matches(el: Element, localName: string | undefined, ns: string | undefined): boolean {
  return (
    (localName === undefined || el.localName === localName) && (ns === undefined || el.ns === ns)
  );
}

function declaredNamespace(name: string, attrs: Attributes): string | undefined {
  const colon = name.indexOf(":");
  return colon === -1 ? attrs.xmlns : attrs[`xmlns:${name.slice(0, colon)}`];
}

/**
 * Builds an element: `xml("message", { to, type: "chat" }, xml("body", null, "hi"))`.
 * Nested arrays are flattened; null, undefined and false children are skipped.
 */
export function xml(name: string, attrs?: Attributes | null, ...children: ChildInput[]): Element {
  const clean: Attributes = {};
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) clean[k] = v;
  }
  return new Element(name, clean).append(...children);
}
