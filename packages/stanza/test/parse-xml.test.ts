import { NS } from "../src/index";
import { describe, expect, it } from "vitest";
import { parseXml } from "./parse-xml";

describe("test helper parseXml", () => {
  it("resolves namespaces and keeps text and attributes as written", () => {
    const el = parseXml(
      `<stream:error xmlns:stream="${NS.STREAM}"><host-unknown xmlns="${NS.STREAMS}"/> <text xml:lang="en">a&amp;b</text></stream:error>`,
    );
    expect(el.ns).toBe(NS.STREAM);
    expect(el.getChild("host-unknown", NS.STREAMS)).toBeDefined();
    expect(el.getChild("text", "")?.attr("xml:lang")).toBe("en");
    expect(el.getChildText("text")).toBe("a&b");
    expect(el.children[1]).toBe(" ");
  });

  it("rejects malformed input", () => {
    expect(() => parseXml("<a><b></a>")).toThrow();
    expect(() => parseXml("")).toThrow();
  });
});
