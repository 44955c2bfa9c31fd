import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { message } from "@parley/stanza";
import { xml } from "@parley/xml";
import { H_MODULO, hDistance, incrementH, parseH } from "./counter";
import { StreamManagement } from "./stream-management";

const enabled = (id = "abc") => {
  const sm = new StreamManagement();
  sm.onEnabled(xml("enabled", { xmlns: "urn:xmpp:sm:3", id, resume: "true" }));
  return sm;
};

describe("h arithmetic (XEP-0198 §5)", () => {
  it("wraps to 0 after 2^32 - 1", () => {
    expect(incrementH(H_MODULO - 1)).toBe(0);
    expect(hDistance(2, H_MODULO - 3)).toBe(5);
  });

  it("distance undoes increments across the wrap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: H_MODULO - 1 }), fc.nat(1000), (start, n) => {
        let h = start;
        for (let i = 0; i < n; i++) h = incrementH(h);
        expect(hDistance(h, start)).toBe(n);
      }),
    );
  });

  it("parses only decimal 32-bit values", () => {
    expect(parseH("4294967295")).toBe(4294967295);
    for (const bad of ["4294967296", "-1", "1.5", "", " 1", "0x10", undefined]) {
      expect(parseH(bad)).toBeUndefined();
    }
  });
});

describe("StreamManagement", () => {
  it("acknowledges across the wrap-around", () => {
    const sm = enabled();
    sm.acked = H_MODULO - 2;
    const sent = [1, 2, 3, 4].map((i) => message({ id: `m${i}` }));
    for (const s of sent) sm.sent(s);
    expect(sm.ack("1").map((e) => e.attr("id"))).toEqual(["m1", "m2", "m3"]);
    expect(sm.acked).toBe(1);
    expect(sm.unacked.map((e) => e.attr("id"))).toEqual(["m4"]);
  });

  it("refuses an h above what was sent (handled-count-too-high)", () => {
    const sm = enabled();
    sm.sent(message({ id: "m1" }));
    expect(() => sm.ack("2")).toThrow(
      expect.objectContaining({ condition: "handled-count-too-high" }),
    );
    expect(() => sm.ack("x")).toThrow(expect.objectContaining({ condition: "sm-failed" }));
    expect(sm.unacked).toHaveLength(1);
  });

  it("counts inbound stanzas with wrap-around and answers <r/>", () => {
    const sm = enabled();
    sm.inbound = H_MODULO - 1;
    sm.received();
    expect(sm.answer().attr("h")).toBe("0");
  });

  it("returns what to re-send on <resumed/> and on a failed resume with h", () => {
    const sm = enabled();
    for (const i of [1, 2, 3]) sm.sent(message({ id: `m${i}` }));
    expect(sm.resumeRequest().attrs).toMatchObject({ h: "0", previd: "abc" });
    const resend = sm.onResumed(xml("resumed", { xmlns: "urn:xmpp:sm:3", h: "1", previd: "abc" }));
    expect(resend.map((e) => e.attr("id"))).toEqual(["m2", "m3"]);
    const lost = sm.onResumeFailed(xml("failed", { xmlns: "urn:xmpp:sm:3", h: "2" }));
    expect(lost.known).toBe(true);
    expect(lost.stanzas.map((e) => e.attr("id"))).toEqual(["m3"]);
    expect(sm.resumable).toBe(false);
  });

  it("is not resumable when the server did not allow resumption", () => {
    const sm = new StreamManagement();
    sm.onEnabled(xml("enabled", { xmlns: "urn:xmpp:sm:3", id: "x" }));
    expect(sm.enabled).toBe(true);
    expect(sm.resumable).toBe(false);
  });
});
