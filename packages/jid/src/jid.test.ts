import { describe, expect, it } from "vitest";
import { JidError } from "./errors.js";
import { Jid, jid, tryParseJid } from "./jid.js";

function failure(input: string): JidError {
  try {
    jid(input);
  } catch (e) {
    if (e instanceof JidError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe("RFC 7622 §3.5.1 examples of valid JIDs", () => {
  it.each([
    ["juliet@example.com", "juliet", "example.com", ""],
    ["juliet@example.com/foo", "juliet", "example.com", "foo"],
    ["juliet@example.com/foo bar", "juliet", "example.com", "foo bar"],
    ["juliet@example.com/foo@bar", "juliet", "example.com", "foo@bar"],
    ["foo\\20bar@example.com", "foo\\20bar", "example.com", ""],
    ["fussball@example.com", "fussball", "example.com", ""],
    ["fußball@example.com", "fußball", "example.com", ""],
    ["π@example.com", "π", "example.com", ""],
    ["Σ@example.com/foo", "σ", "example.com", "foo"],
    ["σ@example.com/foo", "σ", "example.com", "foo"],
    ["ς@example.com/foo", "ς", "example.com", "foo"],
    ["king@example.com/♚", "king", "example.com", "♚"],
    ["example.com", "", "example.com", ""],
    ["example.com/foobar", "", "example.com", "foobar"],
    ["a.example.com/b@example.net", "", "a.example.com", "b@example.net"],
  ])("%s", (input, local, domain, resource) => {
    const j = jid(input);
    expect([j.local, j.domain, j.resource]).toEqual([local, domain, resource]);
    expect(jid(j.toString()).equals(j)).toBe(true);
  });

  it("keeps ß and final sigma distinct (no case folding)", () => {
    expect(jid("fußball@example.com").equals("fussball@example.com")).toBe(false);
    expect(jid("ς@example.com").equals("σ@example.com")).toBe(false);
    expect(jid("Σ@example.com").equals("σ@example.com")).toBe(true);
  });
});

describe("RFC 7622 §3.5.2 examples of invalid JIDs", () => {
  it.each([
    ['"juliet"@example.com', "localpart", "forbidden-character"],
    ["foo bar@example.com", "localpart", "disallowed-code-point"],
    ["@example.com/", "localpart", "empty"],
    ["henryⅣ@example.com", "localpart", "disallowed-code-point"],
    ["♚@example.com", "localpart", "disallowed-code-point"],
    ["juliet@", "domainpart", "empty"],
    ["/foobar", "domainpart", "empty"],
  ])("%s is rejected (%s, %s)", (input, part, reason) => {
    const err = failure(input);
    expect(err.part).toBe(part);
    expect(err.reason).toBe(reason);
    expect(err.message).toContain(part);
    expect(tryParseJid(input)).toBeUndefined();
  });

  // The RFC lists "juliet@example.com/ foo" as invalid ("leading space in resourcepart"), but
  // no rule of RFC 7622 or of the OpaqueString profile forbids it, and rejecting addresses that
  // other servers accept loses stanzas. We accept it, and say so here.
  it("accepts a leading space in a resourcepart (deviation from the example table)", () => {
    expect(jid("juliet@example.com/ foo").resource).toBe(" foo");
  });
});

describe("splitting (RFC 7622 §3.1)", () => {
  it("takes the first '/' as the start of the resourcepart", () => {
    const j = jid("a@b.example/c/d@e/f");
    expect([j.local, j.domain, j.resource]).toEqual(["a", "b.example", "c/d@e/f"]);
    expect(jid("b.example/@").resource).toBe("@");
    expect(jid("b.example//").resource).toBe("/");
  });

  it("rejects empty parts next to their separators", () => {
    expect(failure("juliet@example.com/")).toMatchObject({ part: "resourcepart", reason: "empty" });
    expect(failure("@example.com")).toMatchObject({ part: "localpart", reason: "empty" });
    expect(failure("")).toMatchObject({ part: "domainpart", reason: "empty" });
    expect(failure("@")).toMatchObject({ part: "localpart", reason: "empty" });
    expect(failure("a@/r")).toMatchObject({ part: "domainpart", reason: "empty" });
    expect(failure(".")).toMatchObject({ part: "domainpart", reason: "empty" });
  });

  it("puts a second '@' into the domainpart, which rejects it", () => {
    expect(failure("a@b@example.com")).toMatchObject({ part: "domainpart" });
  });
});

describe("localpart (RFC 7622 §3.3)", () => {
  it("case-maps, width-maps and normalizes", () => {
    expect(jid("JULIET@example.com").local).toBe("juliet");
    expect(jid("Ｊｕｌｉｅｔ@example.com").local).toBe("juliet");
    expect(jid("e\u0301@example.com").local).toBe("\u00e9");
  });

  it.each(['"', "&", "'", ":", "<", ">"])("forbids %s", (ch) => {
    expect(failure(`a${ch}b@example.com`)).toMatchObject({
      part: "localpart",
      reason: "forbidden-character",
    });
  });

  it("forbids characters that width mapping turns into forbidden ones", () => {
    expect(failure("a\uff06b@example.com").reason).toBe("forbidden-character"); // FULLWIDTH &
  });

  it("wraps PRECIS failures with the part and keeps the cause", () => {
    const err = failure("a\u0000b@example.com");
    expect(err.part).toBe("localpart");
    expect(err.reason).toBe("disallowed-code-point");
    expect(err.message).toMatch(/localpart.*U\+0000/);
    expect(err.cause).toBeInstanceOf(Error);
    expect(failure("abcא@example.com").reason).toBe("bidi-rule");
  });

  it("allows at most 1023 octets", () => {
    expect(jid(`${"a".repeat(1023)}@example.com`).local).toHaveLength(1023);
    expect(failure(`${"a".repeat(1024)}@example.com`)).toMatchObject({
      part: "localpart",
      reason: "too-long",
    });
    // 342 three-octet characters are 1026 octets.
    expect(failure(`${"\u4e00".repeat(342)}@example.com`).reason).toBe("too-long");
  });
});

describe("resourcepart (RFC 7622 §3.4)", () => {
  it("keeps case and maps non-ASCII spaces", () => {
    expect(jid("a@example.com/Balcony").resource).toBe("Balcony");
    expect(jid("a@example.com/x\u00a0y").resource).toBe("x y");
    expect(jid("a@example.com/Ｆｕｌｌ").resource).toBe("Ｆｕｌｌ");
  });

  it("rejects control characters and over-long resourceparts", () => {
    expect(failure("a@example.com/x\ty")).toMatchObject({
      part: "resourcepart",
      reason: "disallowed-code-point",
    });
    expect(jid(`a@example.com/${"r".repeat(1023)}`).resource).toHaveLength(1023);
    expect(failure(`a@example.com/${"r".repeat(1024)}`).reason).toBe("too-long");
  });
});

describe("equality and derived addresses", () => {
  const full = jid("Juliet@Example.COM/Balcony");

  it("compares prepared forms", () => {
    expect(full.equals("juliet@example.com/Balcony")).toBe(true);
    expect(full.equals("juliet@example.com/balcony")).toBe(false);
    expect(full.equals("juliet@example.com")).toBe(false);
    expect(full.equals("not a jid@")).toBe(false);
    expect(full.bareEquals("JULIET@example.com./other")).toBe(true);
    expect(full.bareEquals("romeo@example.com")).toBe(false);
  });

  it("has bare, withResource and the predicates", () => {
    expect(full.isFull).toBe(true);
    expect(full.isBare).toBe(false);
    const bare = full.bare();
    expect(bare.toString()).toBe("juliet@example.com");
    expect(bare.isBare && !bare.isDomain).toBe(true);
    expect(bare.bare()).toBe(bare);
    expect(bare.withResource("\u00a0x").resource).toBe(" x");
    expect(() => bare.withResource("")).toThrow(JidError);
    expect(jid("example.com").isDomain).toBe(true);
    expect(jid("example.com/r").isDomain).toBe(false);
    expect(JSON.stringify({ to: full })).toBe('{"to":"juliet@example.com/Balcony"}');
  });

  it("builds from parts with Jid.of", () => {
    const j = Jid.of({ local: "Romeo", domain: "EXAMPLE.net.", resource: "orchard" });
    expect(j.toString()).toBe("romeo@example.net/orchard");
    expect(Jid.of({ domain: "example.net" }).toString()).toBe("example.net");
    expect(Jid.of({ local: "", domain: "example.net", resource: "" }).isDomain).toBe(true);
    expect(() => Jid.of({ local: "a/b", domain: "example.net" })).toThrow(
      expect.objectContaining({ part: "localpart", reason: "forbidden-character" }),
    );
    expect(() => Jid.of({ local: "a@b", domain: "example.net" })).toThrow(JidError);
  });

  it("unescapes the localpart for display", () => {
    expect(jid("d\\27artagnan@example.com").unescapedLocal).toBe("d'artagnan");
  });

  it("prints the prepared form, whether parsed as given, prepared or built", () => {
    expect(jid("romeo@example.net/orchard").toString()).toBe("romeo@example.net/orchard");
    expect(jid("Romeo@Example.NET./orchard").toString()).toBe("romeo@example.net/orchard");
    expect(jid("ROMEO@example.net").toString()).toBe("romeo@example.net");
    const parsed = jid("romeo@example.net/orchard");
    const built = Jid.of({ local: "romeo", domain: "example.net", resource: "orchard" });
    expect(parsed).toEqual(built); // the remembered string form is not part of the value
    expect(parsed.bare().toString()).toBe("romeo@example.net");
    expect(parsed.bare()).toBe(parsed.bare()); // made once
    expect(parsed.bare().bare()).toBe(parsed.bare());
    expect(parsed.bare().isBare).toBe(true);
    expect(parsed.withResource("Garden").toString()).toBe("romeo@example.net/Garden");
  });

  it("rejects whole addresses far over the limit before preparing them", () => {
    expect(failure("a".repeat(20000))).toMatchObject({ part: "jid", reason: "too-long" });
  });
});
