// What a long-lived stream keeps between stanzas: the hooks shared by all parsers must still
// answer for the right parser, and nothing already delivered may stay reachable from the parser.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { record } from "../test/collect";
import { type Element, StreamParser } from "./index";

const header =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' " +
  "to='example.com' version='1.0'>";

/** A WeakRef holds its target until the current job ends: collect in a later one. */
async function collectGarbage(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

describe("parsers sharing their sax hooks", () => {
  it("keeps entity and duplicate-attribute checks per parser when writes interleave", () => {
    const a = new StreamParser();
    const b = new StreamParser();
    const ea = record(a);
    const eb = record(b);
    a.write(header);
    b.write(header);
    // Each parser is left in the middle of an attribute value and of an entity reference.
    a.write("<message id='x' to='y@exa");
    b.write("<message><body>1 &l");
    a.write("mple.com'><body>&amp;&#60;</body></message>");
    b.write("t; 2</body></message><presence id='p' id='q'/>");
    expect(ea.slice(1)).toEqual([
      'element <message id="x" to="y@example.com"><body>&amp;&lt;</body></message>',
    ]);
    expect(eb.slice(1)).toEqual([
      "element <message><body>1 &lt; 2</body></message>",
      "error not-well-formed",
    ]);
    // The failure of b stays with b.
    a.write("<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>");
    expect(ea).toHaveLength(3);
    expect(a.error).toBeUndefined();
  });

  it("refuses a non-predefined entity in one parser only", () => {
    const a = new StreamParser();
    const b = new StreamParser();
    const ea = record(a);
    const eb = record(b);
    a.write(`${header}<message><body>&nbsp;</body></message>`);
    b.write(`${header}<message><body>&quot;</body></message>`);
    expect(ea.slice(1)).toEqual(["error restricted-xml"]);
    expect(eb.slice(1)).toEqual(['element <message><body>"</body></message>']);
  });
});

describe("what a parser keeps between stanzas (heap checks with an explicit GC)", () => {
  it("keeps neither the stream header element nor delivered stanzas", async () => {
    const parser = new StreamParser();
    let header: WeakRef<Element> | undefined;
    let stanza: WeakRef<Element> | undefined;
    parser.on("streamStart", (_attrs, el) => {
      header = new WeakRef(el);
    });
    parser.on("element", (el) => {
      stanza = new WeakRef(el);
    });
    parser.write(
      "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " +
        "xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>",
    );
    parser.write("<message to='a@example.com' xmlns:x='urn:x'><x:y>&amp;</x:y></message>");
    await collectGarbage();
    expect(header?.deref()).toBeUndefined();
    expect(stanza?.deref()).toBeUndefined();
    // The parser still works: the stream scope (jabber:client, the stream prefix) survived.
    const events = record(parser);
    parser.write("<presence/></stream:stream>");
    expect(events).toEqual(["element <presence/>", "end"]);
  });

  it("lets an ended parser's tree go, even if it was the last to look up an entity", async () => {
    let parser: StreamParser | undefined = new StreamParser();
    const tracked = new WeakRef(parser);
    parser.write(`${header}<message id='&amp;'><body>&lt;</body>`);
    parser.end();
    parser = undefined;
    await collectGarbage();
    expect(tracked.deref()).toBeUndefined();
  });
});

describe("root scopes shared between streams", () => {
  const open = (ns: string, extra = "") =>
    `<stream:stream xmlns='${ns}' xmlns:stream='http://etherx.jabber.org/streams'${extra}>`;

  it("resolves each stream's own declarations when headers differ", () => {
    const a = new StreamParser();
    const b = new StreamParser();
    const seen: string[] = [];
    a.on("element", (el) => seen.push(`a ${el.ns}`));
    b.on("element", (el) => seen.push(`b ${el.ns}`));
    a.write(`${open("jabber:client")}<message/>`);
    b.write(`${open("jabber:server")}<message/>`);
    a.write("<presence/>");
    expect(seen).toEqual(["a jabber:client", "b jabber:server", "a jabber:client"]);
  });

  it("stays correct past the cache bound (many distinct headers)", () => {
    for (let i = 0; i < 50; i++) {
      const parser = new StreamParser();
      const seen: string[] = [];
      parser.on("element", (el) => seen.push(`${el.ns} ${el.getChild("y", `urn:p${i}`) ? 1 : 0}`));
      parser.write(`${open(`urn:d${i}`, ` xmlns:p='urn:p${i}'`)}<x><p:y/></x>`);
      expect(seen).toEqual([`urn:d${i} 1`]);
    }
  });

  it("still matches the root's end tag after forgetting its attributes", () => {
    const parser = new StreamParser();
    const events = record(parser);
    parser.write(`${open("jabber:client", " to='example.com' version='1.0'")}<presence/>`);
    parser.write("</stream:other>");
    expect(events.slice(1)).toEqual(["element <presence/>", "error not-well-formed"]);
  });
});
