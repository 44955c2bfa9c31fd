import { NS } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFragment } from "./fragment";
import { messageRecord, textLine } from "./message";
import { prettyXml } from "./pretty-xml";

describe("parseFragment", () => {
  it("tells complete, incomplete and malformed input apart", () => {
    const one = parseFragment('<message to="a@b"><body>hi</body></message>');
    expect(one.kind).toBe("elements");
    if (one.kind === "elements") {
      expect(one.elements).toHaveLength(1);
      expect(one.elements[0]!.ns).toBe(NS.CLIENT);
    }
    const two = parseFragment("<presence/><presence type='unavailable'/>");
    expect(two.kind === "elements" && two.elements.length).toBe(2);
    expect(parseFragment('<iq type="get"').kind).toBe("incomplete");
    expect(parseFragment('<iq x=">"><query>').kind).toBe("incomplete");
    expect(parseFragment("<presence/><message>").kind).toBe("incomplete");
    expect(parseFragment("<a></b>").kind).toBe("error");
    expect(parseFragment("</stream:stream>").kind).toBe("error");
    expect(parseFragment("<!DOCTYPE x><a/>").kind).toBe("error");
  });
});

const name = fc.constantFrom("a", "b", "body", "x:y");
const text = fc
  .string({ maxLength: 8 })
  .filter(
    (t) =>
      t.trim() !== "" &&
      !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/.test(t),
  );
const tree: fc.Arbitrary<Element> = fc.letrec<{ el: Element }>((tie) => ({
  el: fc
    .tuple(
      name,
      fc.dictionary(fc.constantFrom("id", "to", "type"), text, { maxKeys: 2 }),
      fc.oneof(
        { maxDepth: 3 },
        fc.constant([] as (Element | string)[]),
        fc.array(tie("el"), { maxLength: 3 }),
        text.map((t) => [t]),
      ),
    )
    .map(([n, attrs, kids]) => {
      const el = n.includes(":") ? xml("x:y", { "xmlns:x": "urn:x", ...attrs }) : xml(n, attrs);
      return el.append(...kids);
    }),
})).el;

function shape(el: Element): unknown {
  return [
    el.name,
    el.attrs,
    el.children.map((c) => (typeof c === "string" ? c.trim() : shape(c))).filter((c) => c !== ""),
  ];
}

describe("prettyXml", () => {
  it("indents children and keeps text-only elements on one line", () => {
    const el = xml(
      "iq",
      { type: "result" },
      xml("query", { xmlns: "jabber:iq:version" }, xml("name", {}, "Parley"), xml("os")),
    );
    expect(prettyXml(el)).toBe(
      '<iq type="result">\n  <query xmlns="jabber:iq:version">\n    <name>Parley</name>\n    <os/>\n  </query>\n</iq>',
    );
  });

  it("reads back as the same tree, layout whitespace aside (property)", () => {
    fc.assert(
      fc.property(tree, (el) => {
        const back = parseFragment(prettyXml(el));
        expect(back.kind).toBe("elements");
        if (back.kind === "elements") expect(shape(back.elements[0]!)).toEqual(shape(el));
      }),
      { numRuns: 200 },
    );
  });
});

describe("message records", () => {
  it("take the XEP-0203 stamp when there is one, and skip messages without a body", () => {
    const now = new Date("2025-01-02T03:04:05.000Z");
    const plain = xml(
      "message",
      { from: "a@b/c", to: "d@e", id: "m1", type: "chat" },
      xml("body", {}, "hi"),
    );
    expect(messageRecord(plain, now)).toEqual({
      from: "a@b/c",
      to: "d@e",
      type: "chat",
      body: "hi",
      id: "m1",
      stamp: now.toISOString(),
    });
    const delayed = xml(
      "message",
      {},
      xml("body", {}, "old"),
      xml("delay", { xmlns: NS.DELAY, stamp: "2002-09-10T23:08:25Z" }),
    );
    expect(messageRecord(delayed, now)).toMatchObject({
      from: null,
      type: "normal",
      stamp: "2002-09-10T23:08:25.000Z",
    });
    const bogus = xml(
      "message",
      {},
      xml("body", {}, "x"),
      xml("delay", { xmlns: NS.DELAY, stamp: "yesterday" }),
    );
    expect(messageRecord(bogus, now)?.stamp).toBe(now.toISOString());
    expect(
      messageRecord(xml("message", {}, xml("active", { xmlns: NS.CHATSTATES })), now),
    ).toBeUndefined();
    expect(textLine(messageRecord(plain, now)!)).toMatch(/^\[\d\d:\d\d:\d\d\] a@b\/c: hi$/);
  });
});
