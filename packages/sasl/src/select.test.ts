import { describe, expect, it } from "vitest";
import { selectClientMechanism } from "./select.js";

const all = [
  "PLAIN",
  "SCRAM-SHA-1",
  "SCRAM-SHA-1-PLUS",
  "SCRAM-SHA-256",
  "SCRAM-SHA-256-PLUS",
  "SCRAM-SHA-512",
  "SCRAM-SHA-512-PLUS",
  "EXTERNAL",
  "ANONYMOUS",
];

describe("selectClientMechanism", () => {
  it("takes the strongest -PLUS with a binding type both sides have (XEP-0440)", () => {
    expect(
      selectClientMechanism(all, {
        encrypted: true,
        hasPassword: true,
        channelBindingTypes: ["tls-exporter", "tls-server-end-point"],
        serverChannelBindingTypes: ["tls-server-end-point"],
      }),
    ).toEqual({
      name: "SCRAM-SHA-512-PLUS",
      channelBindingType: "tls-server-end-point",
      serverSupportsChannelBinding: true,
    });
  });

  it("assumes only tls-server-end-point when the server announces no types", () => {
    const base = { encrypted: true, hasPassword: true };
    expect(
      selectClientMechanism(all, { ...base, channelBindingTypes: ["tls-exporter"] }).name,
    ).toBe("SCRAM-SHA-512");
    expect(
      selectClientMechanism(all, {
        ...base,
        channelBindingTypes: ["tls-exporter", "tls-server-end-point"],
      }),
    ).toMatchObject({ name: "SCRAM-SHA-512-PLUS", channelBindingType: "tls-server-end-point" });
  });

  it("walks down the ladder: SCRAM-SHA-512 > 256 > 1 > PLAIN", () => {
    const pick = (offered: string[]) =>
      selectClientMechanism(offered, { encrypted: true, hasPassword: true }).name;
    expect(pick(all)).toBe("SCRAM-SHA-512");
    expect(pick(["PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"])).toBe("SCRAM-SHA-256");
    expect(pick(["PLAIN", "SCRAM-SHA-1"])).toBe("SCRAM-SHA-1");
    expect(pick(["PLAIN", "X-OAUTH2"])).toBe("PLAIN");
  });

  it("reports whether the server offered -PLUS (for flag y/n)", () => {
    expect(
      selectClientMechanism(["SCRAM-SHA-1"], { encrypted: true, hasPassword: true })
        .serverSupportsChannelBinding,
    ).toBe(false);
    expect(
      selectClientMechanism(["SCRAM-SHA-1", "SCRAM-SHA-1-PLUS"], {
        encrypted: true,
        hasPassword: true,
      }),
    ).toEqual({
      name: "SCRAM-SHA-1",
      serverSupportsChannelBinding: true,
    });
  });

  it("refuses PLAIN without TLS with mechanism-too-weak, unless allowed", () => {
    expect(() => selectClientMechanism(["PLAIN"], { encrypted: false, hasPassword: true })).toThrow(
      expect.objectContaining({ condition: "mechanism-too-weak" }),
    );
    expect(
      selectClientMechanism(["PLAIN"], {
        encrypted: false,
        hasPassword: true,
        allowPlainWithoutTls: true,
      }).name,
    ).toBe("PLAIN");
    expect(
      selectClientMechanism(["PLAIN", "SCRAM-SHA-1"], { encrypted: false, hasPassword: true }).name,
    ).toBe("SCRAM-SHA-1");
  });

  it("prefers EXTERNAL with a client certificate, ANONYMOUS only when asked", () => {
    expect(
      selectClientMechanism(all, { encrypted: true, hasPassword: true, hasClientCertificate: true })
        .name,
    ).toBe("EXTERNAL");
    expect(
      selectClientMechanism(all, { encrypted: true, hasPassword: false, allowAnonymous: true })
        .name,
    ).toBe("ANONYMOUS");
    expect(() => selectClientMechanism(all, { encrypted: true, hasPassword: false })).toThrow(
      expect.objectContaining({ condition: "invalid-mechanism" }),
    );
    expect(() =>
      selectClientMechanism(["X-OAUTH2"], { encrypted: true, hasPassword: true }),
    ).toThrow(expect.objectContaining({ condition: "invalid-mechanism" }));
  });
});
