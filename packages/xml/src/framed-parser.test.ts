import { describe, expect, it } from "vitest";
import { bytes, record } from "../test/collect";
import { FRAMING_NS, FramedParser, StreamParser, createStreamParser } from "./index";

const open = `<open xmlns='${FRAMING_NS}' to='example.com' version='1.0'/>`;

function framed(...messages: (string | Uint8Array)[]): string[] {
  const parser = new FramedParser();
  const events = record(parser);
  for (const m of messages) parser.write(m);
  return events;
}

describe("FramedParser (RFC 7395)", () => {
  it("maps <open/>, stanzas and <close/> to the stream events", () => {
    const events = framed(
      open,
      bytes(
        "<message xmlns='jabber:client' to='a@b'><body>\u{1F600} \u4F60\u597D</body></message>",
      ),
      "\n<iq xmlns='jabber:client' type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>\n",
      `<close xmlns='${FRAMING_NS}'/>`,
    );
    expect(events).toEqual([
      `start <open xmlns="${FRAMING_NS}" to="example.com" version="1.0">`,
      'element <message xmlns="jabber:client" to="a@b"><body>\u{1F600} \u4F60\u597D</body></message>',
      'element <iq xmlns="jabber:client" type="get" id="1"><ping xmlns="urn:xmpp:ping"/></iq>',
      "end",
    ]);
  });

  it("treats a new <open/> as a stream restart (RFC 7395 §3.7)", () => {
    expect(framed(open, "<a xmlns='x'/>", open).filter((e) => e.startsWith("start"))).toHaveLength(
      2,
    );
  });

  it("resolves namespaces per message: nothing is inherited from <open/>", () => {
    const parser = new FramedParser();
    const names: string[] = [];
    parser.on("element", (el) => names.push(`${el.ns}|${el.name}`));
    parser.write(`<open xmlns='${FRAMING_NS}' xmlns:stream='http://etherx.jabber.org/streams'/>`);
    parser.write("<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>");
    parser.write("<message xmlns='jabber:client'/>");
    expect(names).toEqual([
      "http://etherx.jabber.org/streams|stream:features",
      "jabber:client|message",
    ]);
  });

  it.each([
    ["two elements", "<a xmlns='x'/><b xmlns='x'/>", "not-well-formed"],
    ["an incomplete element", "<a xmlns='x'>", "not-well-formed"],
    [
      "an element split over two messages (first half)",
      "<message xmlns='jabber:client'><bo",
      "not-well-formed",
    ],
    ["an empty message", "", "not-well-formed"],
    ["only whitespace", "  ", "not-well-formed"],
    ["text after the element", "<a xmlns='x'/>hi", "not-well-formed"],
    ["a partial tag after the element", "<a xmlns='x'/><", "not-well-formed"],
    ["a comment", "<a xmlns='x'><!--c--></a>", "restricted-xml"],
    ["an entity", "<a xmlns='x'>&nbsp;</a>", "restricted-xml"],
    ["a control character", "<a xmlns='x'>\u0001</a>", "not-well-formed"],
    [
      "an RFC 6120 stream header",
      "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
      "not-well-formed",
    ],
  ])("refuses a message with %s", (_what, message, condition) => {
    expect(framed(open, message).at(-1)).toBe(`error ${condition}`);
  });

  it("refuses stanzas before <open/> and messages after <close/>, until reset()", () => {
    expect(framed("<message xmlns='jabber:client'/>")).toEqual(["error invalid-namespace"]);
    expect(framed(`<close xmlns='${FRAMING_NS}'/>`)).toEqual(["error bad-format"]);
    expect(framed(open, `<close xmlns='${FRAMING_NS}'/>`, open).at(-1)).toBe(
      "error not-well-formed",
    );
    const parser = new FramedParser();
    const events = record(parser);
    parser.write(open);
    parser.write(`<close xmlns='${FRAMING_NS}'/>`);
    parser.reset();
    parser.write(open);
    expect(events.filter((e) => e.startsWith("start"))).toHaveLength(2);
    expect(events.some((e) => e.startsWith("error"))).toBe(false);
  });

  it("refuses invalid UTF-8, including a message cut inside a character", () => {
    const good = bytes("<a xmlns='x'>\u4F60</a>");
    expect(framed(open, good.subarray(0, 16)).at(-1)).toBe("error not-well-formed");
    expect(framed(open, good.subarray(0, 15)).at(-1)).toBe("error unsupported-encoding");
    expect(framed(open, Uint8Array.of(0x3c, 0x61, 0xff, 0x2f, 0x3e)).at(-1)).toBe(
      "error unsupported-encoding",
    );
  });

  it("applies the limits: message size before parsing, depth and attributes while parsing", () => {
    const parser = new FramedParser({ maxStanzaBytes: 30, maxDepth: 2, maxAttributes: 2 });
    const events = record(parser);
    parser.write(`<open xmlns='${FRAMING_NS}'/>`);
    parser.write("<a xmlns='x'><b><c/></b></a>");
    expect(events.at(-1)).toBe("error policy-violation");

    const exact = `<a xmlns='x'>${"\u4F60".repeat(20)}</a>`; // larger than <open/>
    const size = bytes(exact).length;
    const bySize = new FramedParser({ maxStanzaBytes: size });
    const sizeEvents = record(bySize);
    bySize.write(open.replace(" to='example.com' version='1.0'", ""));
    bySize.write(exact);
    bySize.write(exact.replace("</a>", " </a>"));
    expect(sizeEvents.slice(1)).toEqual([
      `element ${exact.replace("'x'", '"x"')}`,
      "error policy-violation",
    ]);
  });

  it("is created by createStreamParser with framing: websocket", () => {
    expect(createStreamParser({ framing: "websocket" })).toBeInstanceOf(FramedParser);
    expect(createStreamParser({ maxDepth: 3 })).toBeInstanceOf(StreamParser);
  });
});
