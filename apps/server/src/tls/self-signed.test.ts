import { X509Certificate, createPrivateKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateSelfSigned, subjectAltNames } from "./self-signed";

describe("generateSelfSigned", () => {
  const now = new Date("2030-06-01T12:00:00Z");
  const { key, cert } = generateSelfSigned({
    domains: ["example.com", "bücher.de"],
    days: 30,
    now,
  });
  const x509 = new X509Certificate(cert);

  it("writes a certificate node:crypto parses, signed by its own key", () => {
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(x509.subject).toBe("CN=example.com");
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.ca).toBe(false);
  });

  it("is valid from an hour before `now` for `days` days", () => {
    expect(new Date(x509.validFrom).toISOString()).toBe("2030-06-01T11:00:00.000Z");
    expect(new Date(x509.validTo).toISOString()).toBe("2030-07-01T12:00:00.000Z");
  });

  it("names every domain (IDN as A-label), localhost, 127.0.0.1 and ::1", () => {
    expect(x509.subjectAltName).toBe(
      "DNS:example.com, DNS:xn--bcher-kva.de, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
    );
    expect(x509.checkHost("example.com")).toBe("example.com");
    expect(x509.checkHost("xn--bcher-kva.de")).toBe("xn--bcher-kva.de");
    expect(x509.checkIP("::1")).toBe("::1");
    expect(x509.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(x509.checkHost("other.example")).toBeUndefined();
    expect(x509.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
  });

  it("puts IP-literal domains in iPAddress names", () => {
    const c = new X509Certificate(
      generateSelfSigned({ domains: ["[2001:db8::1]", "10.1.2.3"] }).cert,
    );
    expect(c.checkIP("2001:db8::1")).toBe("2001:db8::1");
    expect(c.checkIP("10.1.2.3")).toBe("10.1.2.3");
    expect(c.subject).toBe("CN=[2001:db8::1]");
  });

  it("uses GeneralizedTime past 2049 (RFC 5280 §4.1.2.5)", () => {
    const far = new X509Certificate(
      generateSelfSigned({ domains: ["a.example"], now: new Date("2049-12-31T00:00:00Z"), days: 2 })
        .cert,
    );
    expect(new Date(far.validTo).toISOString()).toBe("2050-01-02T00:00:00.000Z");
  });

  it("makes a new key and serial each time", () => {
    const other = new X509Certificate(generateSelfSigned({ domains: ["example.com"] }).cert);
    expect(other.serialNumber).not.toBe(x509.serialNumber);
    expect(other.checkPrivateKey(createPrivateKey(key))).toBe(false);
    const stranger = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
    expect(x509.checkPrivateKey(stranger)).toBe(false);
  });

  it("refuses an empty domain list", () => {
    expect(() => generateSelfSigned({ domains: [] })).toThrow(RangeError);
  });

  it("lists SANs without repeats", () => {
    expect(subjectAltNames(["localhost", "LOCALHOST.example"])).toEqual([
      "localhost",
      "localhost.example",
      "127.0.0.1",
      "::1",
    ]);
  });
});
