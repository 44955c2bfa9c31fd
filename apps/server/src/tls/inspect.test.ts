import { describe, expect, it } from "vitest";
import { inspectCertificate, splitPemChain } from "./inspect";
import { generateSelfSigned } from "./self-signed";

const now = new Date("2031-01-01T00:00:00Z");
const pair = generateSelfSigned({ domains: ["example.com", "chat.example"], now, days: 90 });

describe("inspectCertificate", () => {
  it("finds nothing wrong with a matching, current pair covering every domain", () => {
    const r = inspectCertificate(
      pair.cert,
      pair.key,
      ["example.com", "chat.example", "localhost"],
      now,
    );
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.subject).toBe("CN=example.com");
    expect(r.validTo?.toISOString()).toBe("2031-04-01T00:00:00.000Z");
  });

  it("notices a key of another certificate", () => {
    const other = generateSelfSigned({ domains: ["example.com"], now });
    expect(inspectCertificate(pair.cert, other.key, ["example.com"], now).problems).toEqual([
      "the private key does not match the certificate",
    ]);
  });

  it("notices a domain the certificate does not name", () => {
    const r = inspectCertificate(pair.cert, pair.key, ["example.com", "muc.example.org"], now);
    expect(r.problems).toEqual([
      "the certificate does not cover the domain muc.example.org (it names DNS:example.com, DNS:chat.example, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1)",
    ]);
  });

  it("notices expiry, a start in the future, and warns before expiry", () => {
    expect(
      inspectCertificate(pair.cert, pair.key, [], new Date("2031-05-01T00:00:00Z")).problems,
    ).toEqual(["the certificate expired on 2031-04-01T00:00:00.000Z"]);
    expect(
      inspectCertificate(pair.cert, pair.key, [], new Date("2030-01-01T00:00:00Z")).problems,
    ).toEqual(["the certificate is not valid before 2030-12-31T23:00:00.000Z"]);
    expect(
      inspectCertificate(pair.cert, pair.key, [], new Date("2031-03-25T00:00:00Z")).warnings,
    ).toEqual(["the certificate expires in 7 days (2031-04-01T00:00:00.000Z)"]);
  });

  it("notices a chain whose second certificate did not issue the first", () => {
    const other = generateSelfSigned({ domains: ["example.com"], now });
    expect(inspectCertificate(pair.cert + other.cert, pair.key, [], now).problems).toEqual([
      "certificate 1 of the chain is not issued by certificate 2",
    ]);
    expect(splitPemChain(pair.cert + other.cert)).toHaveLength(2);
  });

  it("reports files that are not PEM at all", () => {
    expect(inspectCertificate("hello", pair.key, [], now).problems).toEqual([
      "the certificate file holds no PEM certificate",
    ]);
    const garbled = pair.cert.replace(/\n[A-Za-z0-9+/]{10}/, "\nAAAAAAAAAA");
    expect(inspectCertificate(garbled, pair.key, [], now).problems[0]).toMatch(
      /^the certificate file does not parse/,
    );
    expect(inspectCertificate(pair.cert, "not a key", [], now).problems[0]).toMatch(
      /^the private key does not parse/,
    );
  });
});
