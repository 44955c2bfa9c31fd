import { Element } from "@parley/xml";

// Stanza errors (RFC 6120 §8.3.2) and stream errors (§4.9.2) share one shape: a defined condition
// element and an optional <text/> in the defined namespace, then at most one application-specific
// condition element in any other namespace. These helpers read and write that shape.

export interface ErrorParts {
  /** The first child in the defined namespace other than <text/>. */
  condition?: Element;
  text?: string;
  lang?: string;
  /** The first child in another namespace (application-specific condition). */
  application?: Element;
}

export function readErrorParts(el: Element, definedNs: string): ErrorParts {
  const parts: ErrorParts = {};
  for (const child of el.elements()) {
    if (child.ns === definedNs) {
      if (child.localName === "text") {
        if (parts.text === undefined) {
          parts.text = child.text();
          parts.lang = child.attr("xml:lang");
        }
      } else if (parts.condition === undefined) {
        parts.condition = child;
      }
    } else if (parts.application === undefined) {
      parts.application = child;
    }
  }
  return parts;
}

export function writeErrorParts(
  el: Element,
  definedNs: string,
  condition: Element,
  parts: Omit<ErrorParts, "condition">,
): Element {
  el.append(condition);
  if (parts.text !== undefined) {
    const attrs: Record<string, string> = { xmlns: definedNs };
    if (parts.lang !== undefined) attrs["xml:lang"] = parts.lang;
    el.append(new Element("text", attrs).append(parts.text));
  }
  if (parts.application) el.append(parts.application.clone());
  return el;
}

/** A defined condition element `<name xmlns=.../>`, with character data when given. */
export function conditionElement(name: string, ns: string, data?: string): Element {
  const el = new Element(name, { xmlns: ns });
  if (data !== undefined) el.append(data);
  return el;
}
