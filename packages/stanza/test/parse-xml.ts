// Test-only: parses one XML document into an @parley/xml Element with sax, keeping every text
// node (including whitespace between elements) so serialize() reproduces canonical files exactly.
import { Element } from "@parley/xml";
import sax from "sax";

export function parseXml(text: string): Element {
  const parser = sax.parser(true, { xmlns: true, position: false });
  const stack: Element[] = [];
  let root: Element | undefined;
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (node) => {
    const tag = node as sax.QualifiedTag;
    const attrs: Record<string, string> = {};
    for (const [name, attr] of Object.entries(tag.attributes)) attrs[name] = attr.value;
    const el = new Element(tag.name, attrs, tag.uri);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) throw new Error("more than one root element");
    else root = el;
    stack.push(el);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  const onText = (t: string) => {
    const parent = stack[stack.length - 1];
    if (parent && t !== "") parent.children.push(t);
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  parser.write(text).close();
  if (!root) throw new Error("no root element");
  return root;
}
