import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytes } from "../test/collect";
import { Element, FramedParser, STREAM_NS, StreamParser, serialize } from "./index";

// Text and attribute values: markup characters, whitespace that XML normalizes, astral and CJK
// characters, and any other code point XML allows.
const invalid = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/gu;
const special = fc.constantFrom(
  "<",
  ">",
  "&",
  '"',
  "'",
  "\t",
  "\n",
  "\r",
  "\r\n",
  " ",
  "]]>",
  "\u{1F600}",
  "\u4F60",
  "\u00e9",
  "&amp;",
);
const anyChar = fc
  .string({ unit: "binary", minLength: 1, maxLength: 1 })
  .map((s) => s.replace(invalid, "?"));
const xmlText = fc
  .array(fc.oneof(special, anyChar), { maxLength: 12 })
  .map((parts) => parts.join(""));

const name = fc.stringMatching(/^[a-z_][a-z0-9._-]{0,6}$/).filter((n) => !n.startsWith("xml"));
const attrs = fc.dictionary(name, xmlText, { maxKeys: 4 });

interface Shape {
  name: string;
  attrs: Record<string, string>;
  children: (Shape | string)[];
}

const { node } = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.record({
    name,
    attrs,
    children: fc.array(fc.oneof({ depthSize: "small" }, xmlText, tie("node")), { maxLength: 4 }),
  }),
}));

function build(shape: Shape, ns?: string): Element {
  const el = new Element(shape.name, shape.attrs, ns);
  for (const c of shape.children) el.append(typeof c === "string" ? c : build(c));
  return el;
}

function parseStream(xml: string, split: number): Element[] {
  const parser = new StreamParser();
  const out: Element[] = [];
  parser.on("element", (el) => out.push(el));
  const data = bytes(`<stream:stream xmlns:stream='${STREAM_NS}'>${xml}`);
  const at = Math.min(split, data.length);
  parser.write(data.subarray(0, at));
  parser.write(data.subarray(at));
  return out;
}

describe("serialize ∘ parse", () => {
  it("round-trips random trees through the stream parser, however the bytes are split", () => {
    fc.assert(
      fc.property(node, fc.nat(), (shape, split) => {
        const original = build(shape, "urn:test");
        const xml = serialize(original);
        const parsed = parseStream(xml, split);
        expect(parsed).toHaveLength(1);
        expect(serialize(parsed[0]!)).toBe(xml);
        expect(parsed[0]!.ns).toBe("urn:test");
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips random trees through the WebSocket parser", () => {
    fc.assert(
      fc.property(node, (shape) => {
        const xml = serialize(build(shape, "urn:test"));
        const parser = new FramedParser();
        const out: Element[] = [];
        parser.on("element", (el) => out.push(el));
        parser.write("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        parser.write(xml);
        expect(out.map((el) => serialize(el))).toEqual([xml]);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps text and attribute values exactly, special characters included", () => {
    fc.assert(
      fc.property(xmlText, xmlText, (text, value) => {
        const el = new Element("m", { v: value }, "urn:test").append(text);
        const [parsed] = parseStream(serialize(el), 0);
        expect(parsed!.attrs.v).toBe(value);
        expect(parsed!.text()).toBe(text);
      }),
    );
  });
});
