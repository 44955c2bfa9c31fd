// Conformance: close() — every later call rejects with StorageClosedError.
import { describe, expect, it } from "vitest";
import { StorageClosedError } from "../errors";
import type { Storage } from "../types";
import type { Harness } from "./harness";

const calls: [string, (s: Storage) => Promise<unknown>][] = [
  ["accounts.create", (s) => s.accounts.create("a@example.com", {})],
  [
    "accounts.createMany",
    (s) => s.accounts.createMany([{ jid: "a@example.com", credentials: {} }]),
  ],
  ["accounts.get", (s) => s.accounts.get("a@example.com")],
  ["accounts.exists", (s) => s.accounts.exists("a@example.com")],
  ["accounts.setCredentials", (s) => s.accounts.setCredentials("a@example.com", {})],
  ["accounts.delete", (s) => s.accounts.delete("a@example.com")],
  ["accounts.list", (s) => s.accounts.list()],
  ["accounts.count", (s) => s.accounts.count("example.com")],
  ["roster.get", (s) => s.roster.get("a@example.com")],
  ["roster.getItem", (s) => s.roster.getItem("a@example.com", "b@example.com")],
  [
    "roster.setItem",
    (s) => s.roster.setItem("a@example.com", { jid: "b@x", subscription: "none", groups: [] }),
  ],
  ["roster.removeItem", (s) => s.roster.removeItem("a@example.com", "b@example.com")],
  ["offline.push", (s) => s.offline.push("a@example.com", { xml: "<m/>", stamp: new Date() })],
  ["offline.takeAll", (s) => s.offline.takeAll("a@example.com")],
  ["offline.list", (s) => s.offline.list("a@example.com")],
  ["offline.remove", (s) => s.offline.remove("a@example.com", ["1"])],
  ["offline.count", (s) => s.offline.count("a@example.com")],
  ["kv.get", (s) => s.kv.get("st", "a@example.com", "k")],
  ["kv.set", (s) => s.kv.set("st", "a@example.com", "k", "v")],
  ["kv.entries", (s) => s.kv.entries("st", "a@example.com")],
  ["kv.clear", (s) => s.kv.clear("st", "a@example.com")],
];

export function lifecycleTests(h: Harness): void {
  describe("close", () => {
    it.each(calls)("%s rejects with StorageClosedError after close", async (_name, call) => {
      await h.storage.accounts.create("a@example.com", {});
      await h.storage.close();
      const err = await call(h.storage).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StorageClosedError);
      expect(err).toMatchObject({ condition: "internal-server-error" });
    });

    it("may be called twice", async () => {
      await h.storage.close();
      await expect(h.storage.close()).resolves.toBeUndefined();
    });
  });
}
