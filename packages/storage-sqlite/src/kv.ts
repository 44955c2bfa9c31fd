// KeyValueStore on SQLite: one table keyed by (store, owner, key).
import { type KeyValueStore, compareStrings } from "@parley/storage";
import type { Context } from "./statements";

export function sqliteKv({ s, run }: Context): KeyValueStore {
  return {
    get: (store, owner, key) =>
      run("read key", () => s.kvGet.get(store, owner, key) as string | undefined),
    set: (store, owner, key, value) =>
      run("write key", () => {
        if (value === undefined) s.kvDelete.run(store, owner, key);
        else s.kvUpsert.run(store, owner, key, value);
      }),
    entries: (store, owner) =>
      run("list keys", () => {
        const rows = s.kvEntries.all(store, owner) as [string, string][];
        // Sorted in JS: the contract's order is UTF-16 code units, SQLite's is UTF-8 bytes.
        return rows.sort(([a], [b]) => compareStrings(a, b));
      }),
    clear: (store, owner) =>
      run("clear keys", () => {
        s.kvClear.run(store, owner);
      }),
  };
}
