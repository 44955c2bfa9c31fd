import { describe, expect, it } from "vitest";
import { PrecisError } from "@parley/precis";
import { deriveAllCredentials, deriveScramCredentials } from "./credentials.js";

describe("deriveScramCredentials", () => {
  it("defaults to 10000 iterations and a fresh 16-byte salt", async () => {
    const a = await deriveScramCredentials("pencil", "SHA-256");
    const b = await deriveScramCredentials("pencil", "SHA-256");
    expect(a.iterations).toBe(10_000);
    expect(a.salt).toHaveLength(16);
    expect(a.salt).not.toEqual(b.salt);
    expect(a.storedKey).not.toEqual(b.storedKey);
    expect(a.storedKey).toHaveLength(32);
    expect(a.serverKey).toHaveLength(32);
  });

  it("is deterministic for a given salt and iteration count", async () => {
    const salt = new Uint8Array([1, 2, 3]);
    const a = await deriveScramCredentials("pencil", "SHA-512", { salt, iterations: 4096 });
    const b = await deriveScramCredentials("pencil", "SHA-512", { salt, iterations: 4096 });
    expect(a).toEqual(b);
    expect(a.storedKey).toHaveLength(64);
  });

  it("refuses iteration counts below 4096 or absurd, and empty salts", async () => {
    for (const iterations of [4095, 0, -1, 1.5, Number.NaN, 1e9]) {
      await expect(deriveScramCredentials("p", "SHA-1", { iterations })).rejects.toThrow(
        RangeError,
      );
    }
    await expect(deriveScramCredentials("p", "SHA-1", { salt: new Uint8Array(0) })).rejects.toThrow(
      RangeError,
    );
  });

  it("prepares the password with OpaqueString (width-mapped and NFC forms are one password)", async () => {
    const salt = new Uint8Array([9]);
    const composed = await deriveScramCredentials("caf\u00e9", "SHA-1", { salt, iterations: 4096 });
    const decomposed = await deriveScramCredentials("cafe\u0301", "SHA-1", {
      salt,
      iterations: 4096,
    });
    expect(composed).toEqual(decomposed);
    await expect(deriveScramCredentials("", "SHA-1")).rejects.toThrow(PrecisError);
    await expect(deriveScramCredentials("bad\u0007", "SHA-1")).rejects.toThrow(PrecisError);
  });

  it("deriveAllCredentials fills every hash with its own salt", async () => {
    const all = await deriveAllCredentials("pencil", { iterations: 4096 });
    expect(Object.keys(all).sort()).toEqual(["SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512"]);
    expect(all["SCRAM-SHA-1"]!.salt).not.toEqual(all["SCRAM-SHA-256"]!.salt);
  });

  it("deriveAllCredentials derives only the hashes asked for, and refuses none", async () => {
    const some = await deriveAllCredentials("pencil", { iterations: 4096, hashes: ["SHA-256"] });
    expect(Object.keys(some)).toEqual(["SCRAM-SHA-256"]);
    const alone = await deriveScramCredentials("pencil", "SHA-256", {
      iterations: 4096,
      salt: some["SCRAM-SHA-256"]!.salt,
    });
    expect(some["SCRAM-SHA-256"]!.storedKey).toEqual(alone.storedKey);
    await expect(deriveAllCredentials("pencil", { hashes: [] })).rejects.toThrow(RangeError);
  });
});
