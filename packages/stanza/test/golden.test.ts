import { serialize } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { StanzaError, viewOf } from "../src/index";
import { iqCases } from "./cases/iqs";
import { messageCases } from "./cases/messages";
import { presenceCases } from "./cases/presences";
import { streamErrorCases } from "./cases/stream-errors";
import { compact, golden, goldenNames, goldenText } from "./golden";

const cases = { ...messageCases, ...presenceCases, ...iqCases, ...streamErrorCases };
const names = goldenNames();

describe("golden XML files", () => {
  it("every file has view assertions and every assertion has a file", () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(cases).sort()).toEqual(names);
  });

  for (const name of names) {
    it(`${name}: parse → view → serialize gives the file back`, () => {
      const el = golden(name);
      cases[name]!(el);
      const view = viewOf(el);
      if (view) {
        // Reading every getter must leave the element untouched.
        void [view.id, view.to, view.from, view.lang, view.rawType, view.error];
        if (!name.includes("-invalid-")) view.validate();
      }
      expect(serialize(el) + "\n").toBe(goldenText(name));
      expect(serialize(el.clone()) + "\n").toBe(goldenText(name));
    });
  }

  for (const name of names.filter((n) => n.includes("-error-") && !n.startsWith("stream"))) {
    it(`${name}: StanzaError.fromStanza(...).toElement() writes the <error/> back`, () => {
      const el = golden(name);
      const original = el.getChild("error", el.ns)!;
      const written = StanzaError.fromStanza(el)!.toElement(el.ns);
      expect(serialize(written, { parentNs: el.ns })).toBe(
        serialize(compact(original), { parentNs: el.ns }),
      );
    });
  }
});
