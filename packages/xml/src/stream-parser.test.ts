import { describe, expect, it } from "vitest";
import { bytes, record } from "../test/collect";
import { STREAM_NS, StreamParser, XmlParserStateError, XmlStreamError } from "./index";

const header =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " +
  "xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";

// Real emoji (astral, 4 bytes), CJK (3 bytes), Latin-1 (2 bytes) in text and attributes.
const stream =
  header +
  "\n  <stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>" +
  " \n\t <message to='juliet@example.com' id='m\u00e9'><body>Hi \u{1F600} \u4F60\u597D &amp; &lt;&gt; &#x1F44D; &#233;</body>" +
  "<x xmlns='jabber:x:data' type='submit'><field var='a'><value>1</value></field></x></message>" +
  "<presence><show>away</show><status>\u{1F3D6}\u{FE0F} \u65C5\u884C\u4E2D</status></presence>" +
  "<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq><![CDATA[]]>   " +
  "<message><body><![CDATA[<not markup> & \u{1F600}]]> tail</body></message>" +
  "</stream:stream>";

function parseWhole(input: string): string[] {
  const parser = new StreamParser();
  const events = record(parser);
  parser.write(input);
  return events;
}

describe("StreamParser", () => {
  it("emits the header, each top-level element and the end, resolving namespaces", () => {
    const parser = new StreamParser();
    const starts: [Record<string, string>, string][] = [];
    const elements: import("./index").Element[] = [];
    let ended = 0;
    parser.on("streamStart", (attrs, el) => starts.push([attrs, el.ns]));
    parser.on("element", (el) => elements.push(el));
    parser.on("streamEnd", () => ended++);
    parser.write(stream);

    expect(starts).toEqual([
      [
        {
          xmlns: "jabber:client",
          "xmlns:stream": STREAM_NS,
          to: "example.com",
          version: "1.0",
        },
        STREAM_NS,
      ],
    ]);
    expect(elements.map((e) => `${e.ns} ${e.name}`)).toEqual([
      `${STREAM_NS} stream:features`,
      "jabber:client message",
      "jabber:client presence",
      "jabber:client iq",
      "jabber:client message",
    ]);
    const [features, message, presence, iq, cdata] = elements;
    expect(features!.localName).toBe("features");
    expect(features!.prefix).toBe("stream");
    expect(
      features!.getChild("starttls", "urn:ietf:params:xml:ns:xmpp-tls")?.getChild("required")?.ns,
    ).toBe("urn:ietf:params:xml:ns:xmpp-tls");
    expect(message!.attrs).toEqual({ to: "juliet@example.com", id: "m\u00e9" });
    expect(message!.getChildText("body")).toBe("Hi \u{1F600} \u4F60\u597D & <> \u{1F44D} \u00e9");
    expect(message!.getChild("x", "jabber:x:data")?.getChild("field")?.ns).toBe("jabber:x:data");
    expect(message!.getChild("x", "jabber:client")).toBeUndefined();
    expect(presence!.getChildText("status")).toBe("\u{1F3D6}\u{FE0F} \u65C5\u884C\u4E2D");
    expect(iq!.getChild("query")?.ns).toBe("jabber:iq:roster");
    expect(cdata!.getChildText("body")).toBe("<not markup> & \u{1F600} tail");
    expect(ended).toBe(1);
  });

  it("gives the same events for the stream split at every byte boundary", () => {
    const expected = parseWhole(stream);
    expect(expected).toHaveLength(7);
    const data = bytes(stream);
    for (let i = 0; i <= data.length; i++) {
      const parser = new StreamParser();
      const events = record(parser);
      parser.write(data.subarray(0, i));
      parser.write(data.subarray(i));
      expect(events, `split at byte ${i}`).toEqual(expected);
    }
  });

  it("gives the same events when fed one byte, or one UTF-16 unit, at a time", () => {
    const expected = parseWhole(stream);
    const byByte = new StreamParser();
    const byteEvents = record(byByte);
    for (const b of bytes(stream)) byByte.write(Uint8Array.of(b));
    expect(byteEvents).toEqual(expected);

    const byUnit = new StreamParser();
    const unitEvents = record(byUnit);
    for (let i = 0; i < stream.length; i++) byUnit.write(stream[i]!);
    expect(unitEvents).toEqual(expected);
  });

  it("ignores whitespace keep-alives between stanzas (RFC 6120 §4.6.1)", () => {
    const parser = new StreamParser({ maxStanzaBytes: 100 });
    const events = record(parser);
    parser.write(header);
    for (let i = 0; i < 2000; i++) parser.write(" \n\t");
    parser.write("<presence/>");
    for (let i = 0; i < 2000; i++) parser.write(" ");
    expect(events.slice(1)).toEqual(["element <presence/>"]);
  });

  it("treats CR LF and a lone CR as LF (XML 1.0 §2.11), also when split, but keeps &#13;", () => {
    const input = `${header}<message><body>a\r\nb\rc&#13;d\r</body></message>`;
    const expected = parseWhole(input);
    expect(expected[1]).toBe("element <message><body>a\nb\nc&#13;d\n</body></message>");
    for (let i = 0; i <= input.length; i++) {
      const parser = new StreamParser();
      const events = record(parser);
      parser.write(input.slice(0, i));
      parser.write(input.slice(i));
      expect(events).toEqual(expected);
    }
  });

  it("resolves namespaces per scope: prefixes, default, undeclared default, xml:lang", () => {
    const parser = new StreamParser();
    const found: string[] = [];
    parser.on("element", (el) => {
      const walk = (e: import("./index").Element): void => {
        found.push(`${e.name}=${e.ns}`);
        for (const c of e.elements()) walk(c);
      };
      walk(el);
    });
    parser.write(
      `${header}<iq xml:lang='en' xmlns:p='urn:p'><p:a><b/><c xmlns=''><d/></c><e xmlns='urn:e'><p:f xmlns:p='urn:q'/></e></p:a></iq><p:g xmlns:p='urn:g'/>`,
    );
    expect(found).toEqual([
      "iq=jabber:client",
      "p:a=urn:p",
      "b=jabber:client",
      "c=",
      "d=",
      "e=urn:e",
      "p:f=urn:q",
      "p:g=urn:g",
    ]);
  });

  it("keeps attributes that sax would trip over", () => {
    expect(parseWhole(`${header}<a hasOwnProperty='1' b='2' constructor='3'/>`)[1]).toBe(
      'element <a hasOwnProperty="1" b="2" constructor="3"/>',
    );
  });

  it("skips a byte order mark at the start, and accepts an unprefixed stream element", () => {
    const events = parseWhole(`\uFEFF<stream xmlns='${STREAM_NS}'><a xmlns='x'/></stream>`);
    expect(events).toEqual([
      `start <stream xmlns="${STREAM_NS}">`,
      'element <a xmlns="x"/>',
      "end",
    ]);
  });

  it("restarts the stream after reset() (RFC 6120 §4.3.3)", () => {
    const parser = new StreamParser();
    const events = record(parser);
    parser.write(`${header}<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`);
    parser.reset();
    parser.write(`${header}<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>`);
    expect(events.filter((e) => e.startsWith("start"))).toHaveLength(2);
    expect(events.at(-1)).toBe('element <auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>');
  });

  it("parses the rest of a chunk as the new stream when a listener calls reset()", () => {
    const parser = new StreamParser();
    const events = record(parser);
    parser.on("element", (el) => {
      if (el.localName === "success") parser.reset();
    });
    // The new header arrives in the same chunk as <success/>; without the reset it would be a
    // nested element of the old stream.
    parser.write(
      `${header}<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>${header}<iq type='set' id='b'/>`,
    );
    expect(events).toEqual([
      expect.stringMatching(/^start /),
      'element <success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>',
      expect.stringMatching(/^start /),
      'element <iq type="set" id="b"/>',
    ]);
  });

  it("is dead after an error: one error event, later writes ignored", () => {
    const parser = new StreamParser();
    const events = record(parser);
    parser.write(`${header}<a></b>`);
    parser.write("<message/>");
    parser.reset();
    parser.write(`${header}<message/>`);
    expect(events).toEqual([expect.stringMatching(/^start /), "error not-well-formed"]);
    expect(parser.error).toBeInstanceOf(XmlStreamError);
    expect(parser.error?.condition).toBe("not-well-formed");
  });

  it("delivers the events before an error, whatever the chunking", () => {
    const input = `${header}<a/><b/><c>\u0001</c>`;
    const expected = parseWhole(input);
    expect(expected).toEqual([
      expect.stringMatching(/^start /),
      "element <a/>",
      "element <b/>",
      "error not-well-formed",
    ]);
    const data = bytes(input);
    for (let i = 0; i <= data.length; i++) {
      const parser = new StreamParser();
      const events = record(parser);
      parser.write(data.subarray(0, i));
      parser.write(data.subarray(i));
      expect(events).toEqual(expected);
    }
  });

  it("throws the error from write() when nobody listens for errors", () => {
    const parser = new StreamParser();
    expect(() => parser.write("<stream:stream xmlns:stream='wrong'>")).toThrow(XmlStreamError);
    expect(parser.error?.condition).toBe("invalid-namespace");
    expect(() => parser.write("more")).not.toThrow();
  });

  it("rethrows a listener's exception after the chunk, without losing other events", () => {
    const parser = new StreamParser();
    const events = record(parser);
    parser.on("element", (el) => {
      if (el.name === "a") throw new Error("listener bug");
    });
    expect(() => parser.write(`${header}<a/><b/>`)).toThrow("listener bug");
    parser.write("<c/>");
    expect(events.slice(1)).toEqual(["element <a/>", "element <b/>", "element <c/>"]);
  });

  it("refuses writes after end()", () => {
    const parser = new StreamParser();
    parser.write(header);
    parser.end();
    expect(() => parser.write("<a/>")).toThrow(XmlParserStateError);
  });

  it("removes listeners with off()", () => {
    const parser = new StreamParser();
    const seen: string[] = [];
    const listener = (el: import("./index").Element) => seen.push(el.name);
    parser.on("element", listener);
    parser.write(`${header}<a/>`);
    parser.off("element", listener);
    parser.write("<b/>");
    expect(seen).toEqual(["a"]);
  });
});
