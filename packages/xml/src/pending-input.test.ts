// pendingBytes (what an unfinished unit holds), reset() between writes, and quoted input in errors.
import { describe, expect, it } from "vitest";
import { ECHO_MAX, type Element, FramedParser, StreamParser, type XmlStreamError } from "./index";

const header =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " +
  "xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";

function collect(parser: StreamParser | FramedParser) {
  const elements: Element[] = [];
  const errors: XmlStreamError[] = [];
  parser.on("element", (el) => elements.push(el));
  parser.on("error", (e) => errors.push(e));
  return { elements, errors };
}

describe("pendingBytes", () => {
  it("counts the bytes of an unfinished element and drops to 0 between elements", () => {
    const parser = new StreamParser();
    const { elements } = collect(parser);
    expect(parser.pendingBytes).toBe(0);
    parser.write(header);
    expect(parser.pendingBytes).toBe(0);
    parser.write("<message><body>h\u00e9");
    expect(parser.pendingBytes).toBe("<message><body>h\u00e9".length + 1); // é is 2 bytes
    parser.write("</body></message>  \n");
    expect(elements).toHaveLength(1);
    expect(parser.pendingBytes).toBe(0);
  });

  it("counts a partial stream header and a character split between writes", () => {
    const parser = new StreamParser();
    parser.write("<?xml version='1.0'?><stream:str");
    expect(parser.pendingBytes).toBeGreaterThan(0);
    parser.write(header.slice("<?xml version='1.0'?><stream:str".length));
    expect(parser.pendingBytes).toBe(0);
    parser.write(new Uint8Array([0xe2, 0x82])); // the first two bytes of "€"
    expect(parser.pendingBytes).toBe(2);
  });

  it("is 0 after reset() between writes: nothing received before a restart is kept", () => {
    const parser = new StreamParser();
    const { elements, errors } = collect(parser);
    parser.write(header);
    parser.write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGE");
    parser.write(new Uint8Array([0xe2, 0x82]));
    expect(parser.pendingBytes).toBeGreaterThan(0);
    parser.reset();
    expect(parser.pendingBytes).toBe(0);
    // The held half character is gone too: the new stream starts clean.
    parser.write(`${header}<presence/>`);
    expect(errors).toEqual([]);
    expect(elements.map((e) => e.name)).toEqual(["presence"]);
  });

  it("is always 0 for RFC 7395 framing (every message is whole)", () => {
    const parser = new FramedParser();
    parser.write(
      "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>",
    );
    expect(parser.pendingBytes).toBe(0);
  });
});

describe("input quoted in error texts", () => {
  const huge = "a".repeat(100_000);

  it("cuts a huge element name in the message of a stream error", () => {
    const parser = new StreamParser({ maxHeaderBytes: 200_000 });
    const { errors } = collect(parser);
    parser.write(`<${huge} xmlns='http://etherx.jabber.org/streams'>`);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.condition).toBe("bad-format");
    expect(errors[0]!.message).toContain(`<${"a".repeat(ECHO_MAX)}…>`);
    expect(errors[0]!.message.length).toBeLessThan(200);
  });

  it("cuts a huge attribute name in a duplicate-attribute error", () => {
    const parser = new StreamParser({ maxStanzaBytes: 300_000 });
    const { errors } = collect(parser);
    parser.write(`${header}<message ${huge}='1' ${huge}='2'/>`);
    expect(errors[0]!.condition).toBe("not-well-formed");
    expect(errors[0]!.message.length).toBeLessThan(200);
  });
});
