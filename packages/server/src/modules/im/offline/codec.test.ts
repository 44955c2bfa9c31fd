import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { x } from "../test-support/xml";
import { parseStored, toStored, withDelay, xmppDateTime } from "./codec";

describe("offline codec", () => {
  it("round-trips a stanza without repeating the stream namespace", () => {
    const el = x(
      `<message from="a@example.com/r" to="b@example.com" type="chat"><body>1 &lt; 2</body><x xmlns="urn:other"/></message>`,
    );
    const text = toStored(el);
    expect(text).toBe(
      `<message from="a@example.com/r" to="b@example.com" type="chat"><body>1 &lt; 2</body><x xmlns="urn:other"/></message>`,
    );
    expect(toStored(parseStored(text)!)).toBe(text);
  });

  it("round-trips any body text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (body) => {
        const clean = body.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
        const text = `<message to="b@example.com"><body>${clean.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</body></message>`;
        expect(parseStored(text)?.getChildText("body") ?? "").toBe(clean.replace(/\r\n?/g, "\n"));
      }),
    );
  });

  it.each(["", "not xml", "<message>", "<a/><b/>".slice(0, 3), "<!DOCTYPE x><message/>"])(
    "gives undefined, not an exception, for %j",
    (text) => {
      expect(parseStored(text)).toBeUndefined();
    },
  );

  it("stamps XEP-0203 delay in XEP-0082 form", () => {
    expect(xmppDateTime(new Date(Date.UTC(2002, 8, 10, 23, 8, 25, 123)))).toBe(
      "2002-09-10T23:08:25Z",
    );
    const el = withDelay(x(`<message/>`), "example.com", new Date(Date.UTC(2020, 0, 1)));
    expect(toStored(el)).toBe(
      `<message><delay xmlns="urn:xmpp:delay" from="example.com" stamp="2020-01-01T00:00:00Z"/></message>`,
    );
  });
});
