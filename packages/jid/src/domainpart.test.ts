import { describe, expect, it } from "vitest";
import { prepareDomainpart, toAsciiDomain } from "./domainpart.js";
import { JidError } from "./errors.js";

function reason(input: string): string {
  try {
    prepareDomainpart(input);
  } catch (e) {
    if (e instanceof JidError && e.part === "domainpart") return e.reason;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe("domainpart (RFC 7622 §3.2)", () => {
  it("lower-cases and strips one trailing dot", () => {
    expect(prepareDomainpart("Example.COM")).toBe("example.com");
    expect(prepareDomainpart("example.com.")).toBe("example.com");
    expect(prepareDomainpart("example.com\u3002")).toBe("example.com");
    expect(reason("example.com..")).toBe("invalid-domain");
  });

  it("stores internationalized names as lower-case U-labels", () => {
    expect(prepareDomainpart("MÜNCHEN.example")).toBe("münchen.example");
    expect(prepareDomainpart("xn--mnchen-3ya.example")).toBe("münchen.example");
    expect(prepareDomainpart("ｅｘａｍｐｌｅ．ｃｏｍ")).toBe("example.com");
    expect(prepareDomainpart("παράδειγμα.δοκιμή")).toBe("παράδειγμα.δοκιμή");
    expect(prepareDomainpart("faß.de")).toBe("faß.de"); // nontransitional: ß is kept
  });

  it("gives the A-label form for DNS", () => {
    expect(toAsciiDomain("münchen.example")).toBe("xn--mnchen-3ya.example");
    expect(toAsciiDomain("[::1]")).toBe("[::1]");
    expect(toAsciiDomain("192.0.2.1")).toBe("192.0.2.1");
  });

  it.each([
    ["exa mple.com", "invalid-domain"],
    ["exam_ple.com", "invalid-domain"],
    ["-example.com", "invalid-domain"],
    ["example-.com", "invalid-domain"],
    ["ab--c.example", "invalid-domain"],
    ["a..b", "invalid-domain"],
    [".example.com", "invalid-domain"],
    ["example.com:5222", "invalid-domain"],
    ["xn--zz.example", "invalid-domain"], // invalid punycode
    ["xn--abc-.example", "invalid-domain"],
    ["a\u200db.example", "invalid-domain"], // ZWJ outside its context
    ["\u05d0a.example", "invalid-domain"], // Bidi Rule
    ["\u0301a.example", "invalid-domain"], // leading combining mark
    ["", "empty"],
    [".", "empty"],
    ["a".repeat(3100), "too-long"],
  ])("rejects %j (%s)", (input, expected) => {
    expect(reason(input)).toBe(expected);
  });

  it("rejects a domainpart that is over 1023 octets once prepared", () => {
    const long = Array.from({ length: 20 }, () => "a".repeat(60)).join(".");
    expect(reason(long)).toBe("too-long");
  });

  it("accepts IPv4 addresses and rejects malformed dotted quads", () => {
    expect(prepareDomainpart("192.0.2.1")).toBe("192.0.2.1");
    expect(prepareDomainpart("127.0.0.1.")).toBe("127.0.0.1");
    for (const bad of ["256.0.0.1", "1.2.3", "01.2.3.4", "1.2.3.4.5", "1..2.3"]) {
      expect(reason(bad)).toBe("invalid-ip-literal");
    }
  });

  it("accepts bracketed IPv6 literals in canonical RFC 5952 form", () => {
    expect(prepareDomainpart("[::1]")).toBe("[::1]");
    expect(prepareDomainpart("[2001:DB8:0:0:0:0:0:1]")).toBe("[2001:db8::1]");
    expect(prepareDomainpart("[2001:0db8:0000:0001:0000:0000:0000:0001]")).toBe(
      "[2001:db8:0:1::1]",
    );
    expect(prepareDomainpart("[2001:db8:0:0:1:0:0:1]")).toBe("[2001:db8::1:0:0:1]");
    expect(prepareDomainpart("[1:0:1:1:1:1:1:1]")).toBe("[1:0:1:1:1:1:1:1]");
    expect(prepareDomainpart("[::ffff:192.0.2.1]")).toBe("[::ffff:c000:201]");
    expect(prepareDomainpart("[::]")).toBe("[::]");
  });

  it.each([
    "[::1",
    "[]",
    "[1:2:3:4:5:6:7]",
    "[1:2:3:4:5:6:7:8:9]",
    "[1::2::3]",
    "[12345::1]",
    "[::g]",
    "[fe80::1%eth0]",
    "[1:2:3:4:5:6:7::8]",
    "[::1.2.3.256]",
    "[v1.abc]",
  ])("rejects the IPv6 literal %s", (input) => {
    expect(reason(input)).toBe("invalid-ip-literal");
  });
});
