import type { Element } from "@parley/xml";

// Human-readable children that may repeat once per language: <body/>, <subject/> (RFC 6121
// §5.2.3, §5.2.4) and <status/> (§4.7.2.2). A child without xml:lang is in the stanza's language
// (XML 1.0 §2.12: xml:lang is inherited), so it is keyed by the stanza's xml:lang, or "" when
// the stanza names none (the stream's default language then applies).

export function textsByLang(stanza: Element, name: string): Map<string, string> {
  const fallback = stanza.attr("xml:lang") ?? "";
  const texts = new Map<string, string>();
  for (const child of stanza.getChildren(name, stanza.ns)) {
    const lang = child.attr("xml:lang") ?? fallback;
    if (!texts.has(lang)) texts.set(lang, child.text());
  }
  return texts;
}

/** The text in the stanza's own language, else the first such child's text. */
export function defaultText(stanza: Element, name: string): string | undefined {
  const children = stanza.getChildren(name, stanza.ns);
  if (children.length <= 1) return children[0]?.text();
  const own = stanza.attr("xml:lang");
  const match = children.find((c) => {
    const lang = c.attr("xml:lang");
    return lang === undefined || lang === own;
  });
  return (match ?? children[0]!).text();
}

/** True when two children of that name share a language (forbidden by RFC 6121 §5.2.3). */
export function hasDuplicateLang(stanza: Element, name: string): boolean {
  return stanza.getChildren(name, stanza.ns).length !== textsByLang(stanza, name).size;
}

/** Children for a `{ lang: text }` map; the "" key is written without xml:lang. */
export function langChildren(
  make: (attrs: Record<string, string>, text: string) => Element,
  texts: Readonly<Record<string, string>>,
): Element[] {
  return Object.entries(texts).map(([lang, text]) =>
    make(lang === "" ? {} : { "xml:lang": lang }, text),
  );
}
