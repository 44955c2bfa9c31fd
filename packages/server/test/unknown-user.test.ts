// RFC 5802 §9 over a real stream: a SCRAM challenge must not tell an unknown username from an
// account (same iteration count, same salt length, a salt that survives restarts).
import { MemoryStorage, type Storage } from "@parley/storage";
import { describe, expect, it } from "vitest";
import { SASL, server } from "./helpers";

/** The server-first-message for `username` (SCRAM-SHA-256, plain TCP, PLAIN-free test server). */
async function firstChallenge(t: Awaited<ReturnType<typeof server>>, username: string) {
  const c = await t.connect();
  await c.openStream();
  const clientFirst = Buffer.from(`n,,n=${username},r=abcdefgh`).toString("base64");
  c.send(`<auth xmlns="${SASL}" mechanism="SCRAM-SHA-256">${clientFirst}</auth>`);
  const challenge = await c.expect((e) => e.localName === "challenge");
  const text = Buffer.from(challenge.text(), "base64").toString();
  const attrs = new Map(text.split(",").map((a) => [a[0]!, a.slice(2)]));
  await c.close();
  return { iterations: attrs.get("i"), salt: attrs.get("s")! };
}

/** The same storage for several servers in a row (each stop() would close it). */
function kept(storage: Storage): Storage {
  return Object.create(storage, { close: { value: async () => {} } }) as Storage;
}

describe("SCRAM challenge of an unknown user", () => {
  it("shows the configured iteration count and a salt as long as an account's", async () => {
    const t = await server({ scramIterations: 4096 });
    await t.addUser("juliet"); // 4096 iterations, 16-byte salts
    const known = await firstChallenge(t, "juliet");
    const unknown = await firstChallenge(t, "nobody");
    expect(known.iterations).toBe("4096");
    expect(unknown.iterations).toBe(known.iterations);
    expect(Buffer.from(unknown.salt, "base64").length).toBe(
      Buffer.from(known.salt, "base64").length,
    );
    // Asked again, the same salt (an account's salt does not change between attempts either).
    expect((await firstChallenge(t, "nobody")).salt).toBe(unknown.salt);
  });

  it("keeps the salt across servers sharing a storage, and not across storages", async () => {
    const storage = new MemoryStorage();
    const first = await server({ storage: kept(storage) });
    const before = await firstChallenge(first, "nobody");
    await first.stop();
    const second = await server({ storage: kept(storage) });
    expect((await firstChallenge(second, "nobody")).salt).toBe(before.salt);
    // The secret lives in the storage, not in the process: another database, another salt.
    const other = await server({ storage: new MemoryStorage() });
    expect((await firstChallenge(other, "nobody")).salt).not.toBe(before.salt);
  });
});
