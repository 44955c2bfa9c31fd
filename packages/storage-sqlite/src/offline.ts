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

  return {
    push: async (owner, message, limit) => {
      assertOfflineMessage(message);
      assertLimit(limit);
      return run("store offline message", () => push(owner, message, limit));
    },
    takeAll: (owner) => run("take offline messages", () => takeAll(owner)),
    count: (owner) => run("count offline messages", () => s.offlineCount.get(owner) as number),
  };
}
