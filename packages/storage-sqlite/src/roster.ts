// RosterStore on SQLite (RFC 6121 §2). Every change takes a fresh version from a storage-wide
// counter in the same transaction as the item write (XEP-0237 versions never repeat).
import { type RosterItem, type RosterStore, assertRosterItem } from "@parley/storage";
import type { Context } from "./statements";

interface ItemRow {
  contact: string;
  name: string | null;
  subscription: RosterItem["subscription"];
  ask: "subscribe" | null;
  pending_in: number;
  approved: number;
  groups: string;
}

function toItem(row: ItemRow): RosterItem {
  const item: RosterItem = {
    jid: row.contact,
    subscription: row.subscription,
    groups: JSON.parse(row.groups) as string[],
  };
  if (row.name !== null) item.name = row.name;
  if (row.ask !== null) item.ask = row.ask;
  if (row.pending_in) item.pendingIn = true;
  if (row.approved) item.approved = true;
  return item;
}

export function sqliteRoster({ db, s, run }: Context): RosterStore {
  const bump = (owner: string): string => {
    const version = s.rosterNextVersion.get() as number;
    s.rosterSetVersion.run(owner, version);
    return String(version);
  };
  const setItem = db.transaction((owner: string, item: RosterItem) => {
    const version = bump(owner); // creates the rosters row the item references
    s.rosterItemUpsert.run({
      owner,
      contact: item.jid,
      name: item.name ?? null,
      subscription: item.subscription,
      ask: item.ask ?? null,
      pendingIn: item.pendingIn ? 1 : 0,
      approved: item.approved ? 1 : 0,
      groups: JSON.stringify(item.groups),
    });
    return version;
  });
  const removeItem = db.transaction((owner: string, contact: string) => {
    if (s.rosterItemDelete.run(owner, contact).changes > 0) return bump(owner);
    return String((s.rosterVersion.get(owner) as number | undefined) ?? 0);
  });
  const getRoster = db.transaction((owner: string) => ({
    version: String((s.rosterVersion.get(owner) as number | undefined) ?? 0),
    items: (s.rosterItems.all(owner) as ItemRow[]).map(toItem),
  }));

  return {
    get: (owner) => run("read roster", () => getRoster(owner)),
    getItem: (owner, contact) =>
      run("read roster item", () => {
        const row = s.rosterItem.get(owner, contact) as ItemRow | undefined;
        return row && toItem(row);
      }),
    setItem: async (owner, item) => {
      assertRosterItem(item);
      return run("write roster item", () => setItem.immediate(owner, item));
    },
    removeItem: (owner, contact) =>
      run("remove roster item", () => removeItem.immediate(owner, contact)),
  };
}
