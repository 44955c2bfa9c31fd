import { describe, expect, it } from "vitest";
import { bytes, record } from "../test/collect";
import { type StreamErrorCondition, StreamParser } from "./index";

const header =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

/** Parses `input` whole and split at every boundary; all must agree on the outcome. */
function outcome(input: string): string[] {
  const parser = new StreamParser();
  const events = record(parser);
  parser.write(input);
  for (let i = 1; i < input.length; i++) {
    const split = new StreamParser();
    const splitEvents = record(split);
    split.write(input.slice(0, i));
    split.write(input.slice(i));
    expect(splitEvents, `split at ${i}`).toEqual(events);
  }
  return events;
}

function errorOf(input: string): StreamErrorCondition | undefined {
  const events = outcome(input);
  const last = events.at(-1) ?? "";
  return last.startsWith("error ") ? (last.slice(6) as StreamErrorCondition) : undefined;
}

describe("restricted XML (RFC 6120 §11.1)", () => {
  it.each([
    ["a comment", `${header}<message><!-- hi --></message>`],
    ["an empty comment (sax emits no event)", `${header}<message><!----></message>`],
    ["a comment between stanzas", `${header}<!---->`],
    ["a comment before the header", "<!-- x --><stream:stream/>"],
    ["a DOCTYPE", `<!DOCTYPE stream>${header}`],
    ["a DOCTYPE with an internal subset", `<!DOCTYPE s [<!ENTITY x "y">]>${header}`],
    ["a DOCTYPE inside the stream", `${header}<!DOCTYPE x>`],
    ["an entity declaration", `${header}<!ENTITY x "y">`],
    ["an HTML entity (sax knows &nbsp; unless strict)", `${header}<a>&nbsp;</a>`],
    ["an undeclared entity in an attribute", `${header}<a b='&x;'/>`],
    ["a predefined entity in the wrong case", `${header}<a>&AMP;</a>`],
    ["an entity named like an Object property", `${header}<a>&constructor;</a>`],
    ["a processing instruction", `${header}<?php echo 1 ?>`],
    ["a processing instruction inside a stanza", `${header}<a><?x?></a>`],
    ["a processing instruction before the header", "<?xml-stylesheet href='a'?><stream/>"],
  ])("refuses %s with restricted-xml", (_what, input) => {
    expect(errorOf(input)).toBe("restricted-xml");
  });

  it("allows the XML declaration at the very start, character references and CDATA", () => {
    const events = outcome(
      `<?xml version="1.0" encoding="UTF-8"?>${header}<a b='&#60;&#x3C;&lt;&amp;&quot;&apos;&gt;'>&#128512;&#x1F600;<![CDATA[&amp;]]></a>`,
    );
    expect(events.slice(1)).toEqual([
      'element <a b="&lt;&lt;&lt;&amp;&quot;&apos;&gt;">\u{1F600}\u{1F600}&amp;amp;</a>',
    ]);
  });
});

describe("malformed input", () => {
  it.each([
    ["a mismatched end tag", `${header}<a></b>`],
    ["an unclosed attribute quote", `${header}<a b='1>`.concat("<c/>'/><d b='")],
    ["an unquoted attribute", `${header}<a b=1/>`],
    ["a duplicate attribute (sax drops it silently)", `${header}<a b='1' b='2'/>`],
    ["a raw < in an attribute value (sax accepts it)", `${header}<a b='x<y'/>`],
    ["a raw < next to an escaped one", `${header}<a b='&lt;<'/>`],
    ["a bare &", `${header}<a>fish & chips</a>`],
    ["an invalid character reference", `${header}<a>&#0;</a>`],
    ["a character reference to a surrogate", `${header}<a>&#xD800;</a>`],
    ["an uppercase X in a character reference", `${header}<a>&#X41;</a>`],
    ["a control character", `${header}<a>\u0007</a>`],
    ["a NUL in an attribute", `${header}<a b='\u0000'/>`],
    ["U+FFFE", `${header}<a>\uFFFE</a>`],
    ["a lone surrogate", `${header}<a>\uD83D</a><b/>`],
    ["an unbound element prefix", `${header}<foo:a/>`],
    ["an unbound attribute prefix", `${header}<a foo:b='1'/>`],
    ["the xml prefix bound elsewhere", `${header}<a xmlns:xml='urn:x'/>`],
    ["a declared xmlns prefix", `${header}<a xmlns:xmlns='urn:x'/>`],
    ["an undeclared prefix (Namespaces 1.0)", `${header}<a xmlns:p=''/>`],
    ["a prefix used outside its scope", `${header}<a><p:b xmlns:p='urn:p'/><p:c/></a>`],
    ["text before the header", `hello${header}`],
    ["the XML declaration after the header", `${header}<?xml version='1.0'?>`],
    ["a second XML declaration", "<?xml version='1.0'?><?xml version='1.0'?>"],
    ["a second root element", `${header}</stream:stream><stream:stream/>`],
    ["text after the stream", `${header}</stream:stream>bye`],
  ])("refuses %s with not-well-formed", (_what, input) => {
    expect(errorOf(input)).toBe("not-well-formed");
  });

  it("tolerates whitespace before the XML declaration (a keep-alive after a restart)", () => {
    expect(errorOf(` \n<?xml version='1.0'?>${header}`)).toBeUndefined();
  });

  it("refuses text between stanzas with bad-format", () => {
    expect(errorOf(`${header}<a/>hello<b/>`)).toBe("bad-format");
    expect(errorOf(`${header}<![CDATA[x]]>`)).toBe("bad-format");
  });

  it("checks the stream header: namespace (RFC 6120 §4.8.1), name and prefix", () => {
    expect(errorOf("<stream:stream xmlns:stream='jabber:client'>")).toBe("invalid-namespace");
    expect(errorOf("<message xmlns='jabber:client'>")).toBe("invalid-namespace");
    expect(errorOf("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>")).toBe(
      "bad-format",
    );
    expect(errorOf("<stream:stream xmlns='jabber:client'>")).toBe("bad-namespace-prefix");
  });

  it("refuses a declared encoding other than UTF-8 (RFC 6120 §11.6)", () => {
    expect(errorOf(`<?xml version='1.0' encoding='ISO-8859-1'?>${header}`)).toBe(
      "unsupported-encoding",
    );
    expect(errorOf(`<?xml version='1.0' encoding='utf8'?>${header}`)).toBeUndefined();
  });

  it.each([
    ["a stray continuation byte", [0x80]],
    ["an overlong encoding of '<'", [0xc0, 0xbc]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["a lead byte followed by ASCII", [0xe4, 0x41]],
    ["0xFF", [0xff]],
  ])("refuses %s with unsupported-encoding (RFC 6120 §4.9.3.22)", (_what, bad) => {
    const before = bytes(`${header}<a/><b>x`);
    const after = bytes("</b>");
    const input = new Uint8Array([...before, ...bad, ...after]);
    for (let i = 0; i <= input.length; i++) {
      const parser = new StreamParser();
      const events = record(parser);
      parser.write(input.subarray(0, i));
      parser.write(input.subarray(i));
      expect(events.slice(1), `split at ${i}`).toEqual([
        "element <a/>",
        "error unsupported-encoding",
      ]);
    }
  });
});
