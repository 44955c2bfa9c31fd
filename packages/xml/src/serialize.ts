import { escapeAttribute, escapeText } from "./escape";
import type { Element } from "./element";

export interface SerializeOptions {
  /**
   * Default namespace in scope where the element is written (for a stanza: the stream's
   * `jabber:client` or `jabber:server`). An unprefixed element whose namespace differs from the
   * one in scope, and that does not declare it, gets an `xmlns` attribute, so an element moved
   * between trees keeps its namespace (XML Namespaces §6.2).
   */
  parentNs?: string;
}

export function serialize(el: Element, options: SerializeOptions = {}): string {
  const out: string[] = [];
  write(el, options.parentNs ?? "", out);
  return out.join("");
}

function write(el: Element, inScope: string, out: string[]): void {
  out.push("<", el.name);
  let scope = inScope;
  if (el.prefix === undefined) {
    const declared = el.attrs.xmlns;
    if (declared !== undefined) scope = declared;
    else if (el.ns !== inScope) {
      out.push(' xmlns="', escapeAttribute(el.ns), '"');
      scope = el.ns;
    }
  }
  for (const name in el.attrs) {
    out.push(" ", name, '="', escapeAttribute(el.attrs[name]!), '"');
  }
  if (el.children.length === 0) {
    out.push("/>");
    return;
  }
  out.push(">");
  for (const c of el.children) {
    if (typeof c === "string") out.push(escapeText(c));
    else write(c, scope, out);
  }
  out.push("</", el.name, ">");
}

/** The opening tag alone (for a stream header: `<stream:stream ...>`). */
export function serializeOpenTag(el: Element): string {
  let s = `<${el.name}`;
  for (const name in el.attrs) s += ` ${name}="${escapeAttribute(el.attrs[name]!)}"`;
  return `${s}>`;
}
