// OfflineStore on SQLite (XEP-0160): rows in arrival order (seq), stamps as epoch milliseconds.
import {
  type OfflineMessage,
  type OfflineStore,
  assertLimit,
  assertOfflineMessage,
} from "@parley/storage";
import type { Context } from "./statements";

export function sqliteOffline({ db, s, run }: Context): OfflineStore {
  // Count and insert in one transaction, so the limit holds even with several writers.
  const push = db.transaction(
    (owner: string, message: OfflineMessage, limit: number | undefined) => {
      if (limit !== undefined && (s.offlineCount.get(owner) as number) >= limit) return false;
      s.offlineInsert.run(owner, message.stamp.getTime(), message.xml);
      return true;
    },
  );
  // Read and delete in one transaction: a message is delivered exactly once.
  const takeAll = db.transaction((owner: string): OfflineMessage[] => {
    const rows = s.offlineAll.all(owner) as { stamp: number; xml: string }[];
    if (rows.length > 0) s.offlineDeleteOwner.run(owner);
    return rows.map((r) => ({ xml: r.xml, stamp: new Date(r.stamp) }));
  });
  const remove = db.transaction((owner: string, ids: readonly string[]): number => {
    let removed = 0;
    for (const id of ids) {
      if (!/^[0-9]{1,15}$/.test(id)) continue; // not an id of ours: nothing to remove
      removed += s.offlineDeleteOne.run(owner, Number(id)).changes;
    }
    return removed;
  });

  return {
    push: async (owner, message, limit) => {
      assertOfflineMessage(message);
      assertLimit(limit);
      return run("store offline message", () => push.immediate(owner, message, limit));
    },
    takeAll: (owner) => run("take offline messages", () => takeAll.immediate(owner)),
    list: (owner) =>
      run("list offline messages", () =>
        (s.offlineList.all(owner) as { seq: number; stamp: number; xml: string }[]).map((r) => ({
          id: String(r.seq),
          xml: r.xml,
          stamp: new Date(r.stamp),
        })),
      ),
    remove: (owner, ids) => run("remove offline messages", () => remove.immediate(owner, ids)),
    count: (owner) => run("count offline messages", () => s.offlineCount.get(owner) as number),
  };
}
