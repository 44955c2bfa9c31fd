import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { endPointHash, signatureAlgorithmOid } from "./cert-hash";

function certificate(args: string[]): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "parley-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=x",
        "-keyout",
        join(dir, "k"),
        "-out",
        join(dir, "c"),
        "-outform",
        "DER",
        ...args,
      ],
      { stdio: "ignore" },
    );
    return new Uint8Array(readFileSync(join(dir, "c")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("tls-server-end-point hash (RFC 5929 §4.1)", () => {
  it("uses SHA-256 for SHA-256 and SHA-1 signatures", () => {
    const rsa256 = certificate(["-newkey", "rsa:2048", "-sha256"]);
    expect(signatureAlgorithmOid(rsa256)).toBe("1.2.840.113549.1.1.11");
    expect(endPointHash(rsa256)).toBe("sha256");
    expect(endPointHash(certificate(["-newkey", "rsa:2048", "-sha1"]))).toBe("sha256");
  });

  it("uses the stronger hash of SHA-384 and SHA-512 signatures", () => {
    expect(
      endPointHash(
        certificate(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-sha384"]),
      ),
    ).toBe("sha384");
    expect(endPointHash(certificate(["-newkey", "rsa:2048", "-sha512"]))).toBe("sha512");
  });

  it("falls back to SHA-256 on garbage", () => {
    expect(signatureAlgorithmOid(new Uint8Array([0x30, 0x82, 0xff]))).toBeUndefined();
    expect(endPointHash(new Uint8Array())).toBe("sha256");
  });
});
