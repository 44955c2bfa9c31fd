// Conformance: AccountStore.
import { describe, expect, it, vi } from "vitest";
import { AccountExistsError, AccountNotFoundError, StorageError } from "../errors";
import { type Harness, credentialBytes, credentials, sha256Only } from "./harness";

/** Waits until the clock has moved past `time` (ms), so a reset creation time would show. */
const clockPast = (time: number) => vi.waitUntil(() => Date.now() > time, { interval: 1 });

export function accountTests(h: Harness): void {
  describe("accounts", () => {
    it("creates an account and reads it back byte-exact", async () => {
      const creds = credentials();
      const before = Date.now();
      await h.storage.accounts.create("juliet@example.com", creds);
      const after = Date.now();
      const a = await h.storage.accounts.get("juliet@example.com");
      expect(a?.jid).toBe("juliet@example.com");
      expect(credentialBytes(a?.credentials)).toEqual(credentialBytes(creds));
      expect(a?.credentials["SCRAM-SHA-1"]?.salt).toBeInstanceOf(Uint8Array);
      expect(a?.createdAt).toBeInstanceOf(Date);
      expect(a!.createdAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(a!.createdAt.getTime()).toBeLessThanOrEqual(after);
    });

    it("keeps absent hashes absent and empty credentials empty", async () => {
      const only = sha256Only();
      await h.storage.accounts.create("one@example.com", only);
      await h.storage.accounts.create("none@example.com", {});
      const one = await h.storage.accounts.get("one@example.com");
      expect(Object.keys(one!.credentials)).toEqual(["SCRAM-SHA-256"]);
      expect(credentialBytes(one!.credentials)).toEqual(credentialBytes(only));
      expect((await h.storage.accounts.get("none@example.com"))!.credentials).toEqual({});
    });

    it("refuses to create an existing account with AccountExistsError (conflict)", async () => {
      const first = credentials();
      await h.storage.accounts.create("romeo@example.com", first);
      const err = await h.storage.accounts
        .create("romeo@example.com", sha256Only())
        .catch((e) => e);
      expect(err).toBeInstanceOf(AccountExistsError);
      expect(err).toBeInstanceOf(StorageError);
      expect(err).toMatchObject({ condition: "conflict", jid: "romeo@example.com" });
      const a = await h.storage.accounts.get("romeo@example.com");
      expect(credentialBytes(a?.credentials)).toEqual(credentialBytes(first));
    });

    it("answers get/exists for missing accounts", async () => {
      expect(await h.storage.accounts.get("nobody@example.com")).toBeUndefined();
      expect(await h.storage.accounts.exists("nobody@example.com")).toBe(false);
      await h.storage.accounts.create("somebody@example.com", {});
      expect(await h.storage.accounts.exists("somebody@example.com")).toBe(true);
      expect(await h.storage.accounts.exists("Somebody@example.com")).toBe(false);
    });

    it("does not share mutable state with callers", async () => {
      const creds = credentials();
      const copy = credentialBytes(creds);
      await h.storage.accounts.create("alice@example.com", creds);
      creds["SCRAM-SHA-1"]!.salt[0] = 99;
      const a = await h.storage.accounts.get("alice@example.com");
      expect(credentialBytes(a?.credentials)).toEqual(copy);
      a!.credentials["SCRAM-SHA-1"]!.storedKey.fill(0);
      a!.createdAt.setTime(0);
      const again = await h.storage.accounts.get("alice@example.com");
      expect(credentialBytes(again?.credentials)).toEqual(copy);
      expect(again!.createdAt.getTime()).not.toBe(0);
    });

    it("createMany skips existing accounts unless replace is set", async () => {
      const old = sha256Only();
      await h.storage.accounts.create("a@example.com", old);
      const fresh = credentials();
      const batch = ["a", "b", "c"].map((l) => ({ jid: `${l}@example.com`, credentials: fresh }));
      expect(await h.storage.accounts.createMany(batch)).toBe(2);
      expect(credentialBytes((await h.storage.accounts.get("a@example.com"))?.credentials)).toEqual(
        credentialBytes(old),
      );
      expect(credentialBytes((await h.storage.accounts.get("c@example.com"))?.credentials)).toEqual(
        credentialBytes(fresh),
      );
      expect(await h.storage.accounts.count()).toBe(3);
      expect(await h.storage.accounts.createMany([])).toBe(0);
    });

    it("createMany with replace swaps credentials but keeps the account and its data", async () => {
      await h.storage.accounts.create("a@example.com", sha256Only());
      const createdAt = (await h.storage.accounts.get("a@example.com"))!.createdAt.getTime();
      await h.storage.roster.setItem("a@example.com", {
        jid: "x@example.com",
        subscription: "both",
        groups: [],
      });
      await h.storage.kv.set("vcard", "a@example.com", "", "<vCard/>");
      await clockPast(createdAt);
      const fresh = credentials();
      const n = await h.storage.accounts.createMany(
        [
          { jid: "a@example.com", credentials: fresh },
          { jid: "b@example.com", credentials: fresh },
        ],
        { replace: true },
      );
      expect(n).toBe(2);
      const a = await h.storage.accounts.get("a@example.com");
      expect(credentialBytes(a?.credentials)).toEqual(credentialBytes(fresh));
      expect(a!.createdAt.getTime()).toBe(createdAt);
      expect((await h.storage.roster.get("a@example.com")).items).toHaveLength(1);
      expect(await h.storage.kv.get("vcard", "a@example.com", "")).toBe("<vCard/>");
    });

    it("createMany handles a duplicate inside one batch", async () => {
      const first = sha256Only();
      const second = credentials();
      const batch = [
        { jid: "d@example.com", credentials: first },
        { jid: "d@example.com", credentials: second },
      ];
      expect(await h.storage.accounts.createMany(batch)).toBe(1);
      expect(credentialBytes((await h.storage.accounts.get("d@example.com"))?.credentials)).toEqual(
        credentialBytes(first),
      );
      await h.storage.accounts.createMany(batch, { replace: true });
      expect(credentialBytes((await h.storage.accounts.get("d@example.com"))?.credentials)).toEqual(
        credentialBytes(second),
      );
    });

    it("createMany writes a large batch", async () => {
      const creds = sha256Only();
      const batch = Array.from({ length: 2000 }, (_, i) => ({
        jid: `user${i}@big.example`,
        credentials: creds,
      }));
      expect(await h.storage.accounts.createMany(batch)).toBe(2000);
      expect(await h.storage.accounts.count("big.example")).toBe(2000);
      expect(await h.storage.accounts.exists("user1999@big.example")).toBe(true);
    });

    it("setCredentials replaces credentials, and fails with AccountNotFoundError when missing", async () => {
      await h.storage.accounts.create("bob@example.com", sha256Only());
      const createdAt = (await h.storage.accounts.get("bob@example.com"))!.createdAt.getTime();
      await clockPast(createdAt);
      const fresh = credentials(20_000);
      await h.storage.accounts.setCredentials("bob@example.com", fresh);
      const bob = await h.storage.accounts.get("bob@example.com");
      expect(credentialBytes(bob?.credentials)).toEqual(credentialBytes(fresh));
      expect(bob!.createdAt.getTime()).toBe(createdAt);

      const err = await h.storage.accounts
        .setCredentials("ghost@example.com", fresh)
        .catch((e) => e);
      expect(err).toBeInstanceOf(AccountNotFoundError);
      expect(err).toMatchObject({ condition: "item-not-found", jid: "ghost@example.com" });
      expect(await h.storage.accounts.exists("ghost@example.com")).toBe(false);
    });

    it("delete removes the account and cascades to roster, offline and key-value data", async () => {
      const s = h.storage;
      for (const jid of ["gone@example.com", "kept@example.com"]) {
        await s.accounts.create(jid, sha256Only());
        await s.roster.setItem(jid, {
          jid: "friend@example.com",
          subscription: "to",
          groups: ["G"],
        });
        await s.offline.push(jid, { xml: "<message/>", stamp: new Date() });
        await s.kv.set("private", jid, "k", "v");
        await s.kv.set("vcard", jid, "", "<vCard/>");
      }
      expect(await s.accounts.delete("gone@example.com")).toBe(true);
      expect(await s.accounts.get("gone@example.com")).toBeUndefined();
      expect((await s.roster.get("gone@example.com")).items).toEqual([]);
      expect(await s.roster.getItem("gone@example.com", "friend@example.com")).toBeUndefined();
      expect(await s.offline.count("gone@example.com")).toBe(0);
      expect(await s.kv.entries("private", "gone@example.com")).toEqual([]);
      expect(await s.kv.get("vcard", "gone@example.com", "")).toBeUndefined();
      // The other account is untouched.
      expect((await s.roster.get("kept@example.com")).items).toHaveLength(1);
      expect(await s.offline.count("kept@example.com")).toBe(1);
      expect(await s.kv.get("private", "kept@example.com", "k")).toBe("v");
      expect(await s.kv.get("vcard", "kept@example.com", "")).toBe("<vCard/>");
      expect(await s.accounts.delete("gone@example.com")).toBe(false);
    });

    it("never reuses a roster version after delete and re-create (XEP-0237)", async () => {
      const s = h.storage;
      await s.accounts.create("re@example.com", {});
      const seen = new Set<string>([(await s.roster.get("re@example.com")).version]);
      for (let i = 0; i < 3; i++)
        seen.add(
          await s.roster.setItem("re@example.com", {
            jid: `c${i}@x`,
            subscription: "none",
            groups: [],
          }),
        );
      await s.accounts.delete("re@example.com");
      await s.accounts.create("re@example.com", {});
      for (let i = 0; i < 3; i++) {
        const v = await s.roster.setItem("re@example.com", {
          jid: `c${i}@x`,
          subscription: "none",
          groups: [],
        });
        expect(seen.has(v)).toBe(false);
      }
    });

    it("lists and counts accounts, all or by exact domain, sorted", async () => {
      const jids = [
        "zoe@example.com",
        "adam@example.com",
        "\u00e9mile@example.com",
        "\u{1F600}@example.com",
        "\uFFFDx@example.com",
        "eve@sub.example.com",
        "bob@example.org",
      ];
      for (const jid of jids) await h.storage.accounts.create(jid, {});
      const inDomain = jids.filter((j) => j.endsWith("@example.com"));
      expect(await h.storage.accounts.list("example.com")).toEqual([...inDomain].sort());
      expect(await h.storage.accounts.count("example.com")).toBe(inDomain.length);
      expect(await h.storage.accounts.list()).toEqual([...jids].sort());
      expect(await h.storage.accounts.count()).toBe(jids.length);
      expect(await h.storage.accounts.list("sub.example.com")).toEqual(["eve@sub.example.com"]);
      expect(await h.storage.accounts.list("nowhere.example")).toEqual([]);
      expect(await h.storage.accounts.count("nowhere.example")).toBe(0);
      expect(await h.storage.accounts.list("example")).toEqual([]);
    });
  });
}
