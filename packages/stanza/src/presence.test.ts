import { serialize } from "@parley/xml";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseXml } from "../test/parse-xml";
import { PresenceView, presence, StanzaError } from "./index";

const view = (inner: string, attrs = "") =>
  new PresenceView(parseXml(`<presence xmlns="jabber:client"${attrs}>${inner}</presence>`));

function conditionOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (!(e instanceof StanzaError)) throw e;
    return e.condition;
  }
}

describe("PresenceView", () => {
  it("reads an absent type as available and rejects unknown types with bad-request", () => {
    expect(view("").type).toBe("available");
    for (const t of [
      "probe",
      "subscribe",
      "subscribed",
      "unavailable",
      "unsubscribe",
      "unsubscribed",
      "error",
    ]) {
      expect(view("", ` type="${t}"`).type).toBe(t);
    }
    // "available" is not a wire value: availability is the absence of the attribute.
    for (const t of ["available", "", "invisible", "Unavailable"]) {
      expect(conditionOf(() => view("", ` type="${t}"`).type)).toBe("bad-request");
    }
  });

  it("reads show leniently and validate() reports a bad one", () => {
    for (const s of ["away", "chat", "dnd", "xa"]) expect(view(`<show>${s}</show>`).show).toBe(s);
    for (const s of ["online", "", " away", "DND"]) {
      const p = view(`<show>${s}</show>`);
      expect(p.show).toBeUndefined();
      expect(conditionOf(() => p.validate())).toBe("bad-request");
    }
    expect(conditionOf(() => view("<show>away</show><show>xa</show>").validate())).toBe(
      "bad-request",
    );
  });

  it("reads every priority in -128..127, 0 when absent (RFC 6121 §4.7.2.3)", () => {
    expect(view("").priority).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: -128, max: 127 }), (n) => {
        expect(view(`<priority>${n}</priority>`).priority).toBe(n);
      }),
    );
    expect(view("<priority> +005 </priority>").priority).toBe(5);
    expect(Object.is(view("<priority>-0</priority>").priority, 0)).toBe(true);
  });

  it("rejects priorities that are not an xs:byte with bad-request", () => {
    for (const p of ["128", "-129", "1.5", "1e2", "", "abc", "0x10", "99999999999999999999", "١"]) {
      expect(
        conditionOf(() => view(`<priority>${p}</priority>`).priority),
        p,
      ).toBe("bad-request");
    }
    fc.assert(
      fc.property(
        fc.integer().filter((n) => n < -128 || n > 127),
        (n) => {
          expect(conditionOf(() => view(`<priority>${n}</priority>`).priority)).toBe("bad-request");
        },
      ),
    );
    expect(conditionOf(() => view("<priority>1</priority><priority>2</priority>").validate())).toBe(
      "bad-request",
    );
  });

  it("keeps statuses per language and rejects duplicates in validate()", () => {
    const p = view('<status>a</status><status xml:lang="fr">b</status>', ' xml:lang="en"');
    expect([...p.statuses()]).toEqual([
      ["en", "a"],
      ["fr", "b"],
    ]);
    expect(conditionOf(() => view("<status>a</status><status>b</status>").validate())).toBe(
      "bad-request",
    );
  });

  it("does not mistake an extension's <show/> for the presence one", () => {
    expect(
      view('<x xmlns="urn:example"><show>xa</show></x><show xmlns="urn:example">dnd</show>').show,
    ).toBeUndefined();
  });
});

describe("presence()", () => {
  it("writes available as no type attribute", () => {
    expect(serialize(presence({ type: "available" }))).toBe('<presence xmlns="jabber:client"/>');
    expect(serialize(presence({ type: "unavailable", status: "bye" }))).toBe(
      '<presence xmlns="jabber:client" type="unavailable"><status>bye</status></presence>',
    );
  });

  it("round-trips every priority through the view", () => {
    fc.assert(
      fc.property(fc.integer({ min: -128, max: 127 }), (n) => {
        expect(new PresenceView(presence({ priority: n })).priority).toBe(n);
      }),
    );
  });

  it("refuses bad input with RangeError or TypeError", () => {
    for (const p of [128, -129, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => presence({ priority: p })).toThrow(RangeError);
    }
    expect(() => presence({ show: "online" as "away" })).toThrow(TypeError);
    expect(() => presence({ type: "invisible" as "probe" })).toThrow(TypeError);
  });
});
