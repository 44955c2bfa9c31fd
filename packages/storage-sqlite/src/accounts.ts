// AccountStore on SQLite: one row per account, credentials as encodeCredentials JSON.
import {
  type Account,
  type AccountStore,
  AccountExistsError,
  AccountNotFoundError,
  compareStrings,
  decodeCredentials,
  encodeCredentials,
  type StoredCredentials,
} from "@parley/storage";
import type { Context } from "./statements";

const domainOf = (jid: string) => jid.slice(jid.indexOf("@") + 1);

interface AccountRow {
  jid: string;
  credentials: string;
  created_at: number;
}

export function sqliteAccounts({ db, s, run }: Context): AccountStore {
  // Deleting an account removes everything it owns in the same transaction.
  const deleteAll = db.transaction((jid: string) => {
    s.rosterDelete.run(jid); // roster_items go by ON DELETE CASCADE
    s.offlineDeleteOwner.run(jid);
    s.kvDeleteOwner.run(jid);
    s.archiveDeleteOwner.run(jid);
    s.archiveTotalDelete.run(jid);
    return s.accountDelete.run(jid).changes > 0;
  });
  const insertMany = db.transaction(
    (accounts: readonly { jid: string; credentials: StoredCredentials }[], replace: boolean) => {
      const stmt = replace ? s.accountUpsert : s.accountInsert;
      const now = Date.now();
      let written = 0;
      for (const a of accounts) {
        written += stmt.run(a.jid, domainOf(a.jid), encodeCredentials(a.credentials), now).changes;
      }
      return written;
    },
  );

  return {
    create: (jid, credentials) =>
      run("create account", () => {
        const info = s.accountInsert.run(
          jid,
          domainOf(jid),
          encodeCredentials(credentials),
          Date.now(),
        );
        if (info.changes === 0) throw new AccountExistsError(jid);
      }),
    // One transaction for the whole batch: 20,000 rows are one fsync, not 20,000.
    createMany: (accounts, options) =>
      run("create accounts", () => insertMany.immediate(accounts, options?.replace === true)),
    get: (jid) =>
      run("read account", (): Account | undefined => {
        const row = s.accountGet.get(jid) as AccountRow | undefined;
        if (!row) return undefined;
        return {
          jid: row.jid,
          credentials: decodeCredentials(row.credentials),
          createdAt: new Date(row.created_at),
        };
      }),
    exists: (jid) => run("check account", () => s.accountExists.get(jid) !== undefined),
    setCredentials: (jid, credentials) =>
      run("set credentials", () => {
        if (s.accountSetCredentials.run(encodeCredentials(credentials), jid).changes === 0) {
          throw new AccountNotFoundError(jid);
        }
      }),
    delete: (jid) => run("delete account", () => deleteAll.immediate(jid)),
    list: (domain) =>
      run("list accounts", () => {
        const jids = (domain ? s.accountListByDomain.all(domain) : s.accountList.all()) as string[];
        // Sorted in JS: SQLite's BINARY order is UTF-8 bytes, the contract's is UTF-16 code units.
        return jids.sort(compareStrings);
      }),
    count: (domain) =>
      run(
        "count accounts",
        () => (domain ? s.accountCountByDomain.get(domain) : s.accountCount.get()) as number,
      ),
  };
}
