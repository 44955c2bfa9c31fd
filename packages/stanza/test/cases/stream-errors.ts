import { type Element, serialize } from "@parley/xml";
import { expect } from "vitest";
import { NS, StreamError } from "../../src/index";
import { compact } from "../golden";

// Every stream error file also checks that toElement({ standalone }) writes the same XML back.
function read(el: Element): StreamError {
  const e = StreamError.fromElement(el);
  expect(serialize(e.toElement({ standalone: true }))).toBe(serialize(compact(el)));
  return e;
}

export const streamErrorCases: Record<string, (el: Element) => void> = {
  "stream-error-host-unknown.xml": (el) => {
    const e = read(el);
    expect([e.condition, e.text, e.host, e.application]).toEqual([
      "host-unknown",
      undefined,
      undefined,
      undefined,
    ]);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("StreamError");
  },

  "stream-error-see-other-host.xml": (el) => {
    expect(read(el).host).toBe("[2001:41D0:1:A49b::1]:9222");
  },

  "stream-error-app-specific.xml": (el) => {
    const e = read(el);
    expect([e.condition, e.text, e.lang]).toEqual(["bad-format", "Error: Lost my marbles!", "en"]);
    expect(e.application?.name).toBe("escape-your-data");
    expect(e.application?.ns).toBe("urn:example:application-ns");
  },

  "stream-error-conflict-text.xml": (el) => {
    const e = read(el);
    expect([e.condition, e.lang, e.message]).toEqual([
      "conflict",
      "fr",
      "conflict: Remplacé par une nouvelle connexion",
    ]);
  },

  "stream-error-unknown-condition.xml": (el) => {
    const e = read(el);
    expect(e.condition).toBe("undefined-condition");
    expect(e.unknownCondition?.name).toBe("too-much-coffee");
  },

  "stream-error-policy-violation-sm.xml": (el) => {
    const e = read(el);
    expect(e.condition).toBe("policy-violation");
    expect(e.application?.ns).toBe(NS.SM);
    expect(e.application?.attr("h")).toBe("10");
  },
};
