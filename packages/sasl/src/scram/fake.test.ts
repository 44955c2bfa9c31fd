// Unknown users (RFC 5802 §9): their first challenge must look like that of a real account.
import { describe, expect, it } from "vitest";
import { accounts, contextFor, text, utf8 } from "../../test/helpers.js";
import { decodeBase64 } from "../base64.js";
import { createServerMechanism } from "../server.js";
import type { FakeCredentialsOptions } from "../types.js";
import { fakeCredentials } from "./fake.js";

const store = await accounts({ juliet: "r0m3o!" }); // 4096 iterations, 16-byte salts

async function serverFirst(username: string, fake?: FakeCredentialsOptions) {
  const ctx = contextFor(store, fake ? { fakeCredentials: fake } : {});
  const step = await createServerMechanism("SCRAM-SHA-256", ctx).step(
    utf8(`n,,n=${username},r=abc`),
  );
  if (step.type !== "challenge") throw new Error(`no challenge: ${JSON.stringify(step)}`);
  const attrs = Object.fromEntries(
    text(step.data)!
      .split(",")
      .map((a) => [a[0], a.slice(2)]),
  );
  return { iterations: attrs.i, salt: decodeBase64(attrs.s!) };
}

describe("fake credentials for unknown users", () => {
  const secret = new Uint8Array(32).fill(7);

  it("show the configured iteration count and a salt as long as a real one", async () => {
    const known = await serverFirst("juliet", { secret, iterations: 4096 });
    const unknown = await serverFirst("nobody", { secret, iterations: 4096 });
    expect(unknown.iterations).toBe(known.iterations);
    expect(unknown.salt.length).toBe(known.salt.length);
  });

  it("keep the salt for a given secret (another process, same secret), change it with another", async () => {
    const a = await fakeCredentials("SHA-256", "nobody", { secret: new Uint8Array(secret) });
    const b = await fakeCredentials("SHA-256", "nobody", { secret: new Uint8Array(secret) });
    const other = await fakeCredentials("SHA-256", "nobody", { secret: new Uint8Array(32) });
    expect(a.salt).toEqual(b.salt);
    expect(other.salt).not.toEqual(a.salt);
    // Per username and per hash.
    expect((await fakeCredentials("SHA-256", "nobody2", { secret })).salt).not.toEqual(a.salt);
    expect((await fakeCredentials("SHA-1", "nobody", { secret })).salt).not.toEqual(a.salt);
  });

  it("default to 10000 iterations and a per-process secret without options", async () => {
    const fake = await fakeCredentials("SHA-1", "nobody");
    expect(fake.iterations).toBe(10_000);
    expect(fake.salt).toEqual((await fakeCredentials("SHA-1", "nobody")).salt);
  });
});
