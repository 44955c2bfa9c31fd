import { jid } from "@parley/jid";
import { describe, expect, it } from "vitest";
import { SessionRegistry } from "./registry";
import { classifyDestination } from "./destination";

describe("SessionRegistry", () => {
  it("binds, lists per account and unbinds only the current holder", () => {
    const r = new SessionRegistry<string>();
    expect(r.bind(jid("a@x/one"), "s1")).toBeUndefined();
    expect(r.bind(jid("a@x/two"), "s2")).toBeUndefined();
    expect(r.of("a@x")).toEqual(["s1", "s2"]);
    expect(r.of(jid("a@x/any"))).toEqual(["s1", "s2"]);
    expect(r.bind(jid("a@x/one"), "s3")).toBe("s1");
    expect(r.unbind(jid("a@x/one"), "s1")).toBe(false);
    expect(r.get("a@x/one")).toBe("s3");
    expect(r.unbind(jid("a@x/one"), "s3")).toBe(true);
    expect(r.unbind(jid("a@x/two"), "s2")).toBe(true);
    expect(r.of("a@x")).toEqual([]);
    expect(r.size).toBe(0);
  });

  it("compares prepared addresses", () => {
    const r = new SessionRegistry<string>();
    r.bind(jid("Juliet@Example.COM/Balcony"), "s");
    expect(r.get(jid("juliet@example.com/Balcony"))).toBe("s");
    expect(r.get("juliet@example.com/balcony")).toBeUndefined();
  });
});

describe("classifyDestination", () => {
  const local = (d: string) => d === "example.com";
  it.each([
    ["example.com", "host"],
    ["example.com/res", "host"],
    ["a@example.com", "bare"],
    ["a@example.com/r", "full"],
    ["a@other.org/r", "remote"],
    ["other.org", "remote"],
  ])("%s → %s", (to, want) => {
    expect(classifyDestination(jid(to), local)).toBe(want);
  });
});
