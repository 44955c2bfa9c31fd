// Indented XML for `parley console`: one element a line, text-only elements on one line.
import { type Element, escapeText, serializeOpenTag } from "@parley/xml";

function openTag(el: Element, selfClosing: boolean): string {
  const tag = serializeOpenTag(el);
  return selfClosing ? `${tag.slice(0, -1)}/>` : tag;
}

/**
 * Pretty form of `el`. Namespaces are written where the element declares them, as received;
 * whitespace-only text between elements is dropped (it only carried the sender's layout).
 */
export function prettyXml(el: Element, indent = ""): string {
  const kids = el.children.filter((c) => typeof c !== "string" || c.trim() !== "");
  if (kids.length === 0) return indent + openTag(el, true);
  if (kids.every((c) => typeof c === "string")) {
    return `${indent}${openTag(el, false)}${escapeText(kids.join(""))}</${el.name}>`;
  }
  const lines = [indent + openTag(el, false)];
  for (const c of kids) {
    lines.push(
      typeof c === "string" ? `${indent}  ${escapeText(c.trim())}` : prettyXml(c, `${indent}  `),
    );
  }
  lines.push(`${indent}</${el.name}>`);
  return lines.join("\n");
}
