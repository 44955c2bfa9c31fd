// `parley roster list|add|remove` (RFC 6121 §2), `add` also asking for a subscription (§3.1).
import type { RosterItem } from "@parley/client";
import type { Jid } from "@parley/jid";
import { StanzaError } from "@parley/stanza";
import { RecipientError } from "../errors";
import type { CliIo } from "../io";
import type { Session } from "../session";

/** The server's error about our own roster is the "recipient" error here. */
async function onRoster<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StanzaError) throw new RecipientError("roster", error);
    throw error;
  }
}

export function rosterLine(item: RosterItem): string {
  const sub = item.ask === "subscribe" ? `${item.subscription}, asked` : item.subscription;
  const name = item.name ? ` "${item.name}"` : "";
  const groups = item.groups.length > 0 ? ` [${item.groups.join(", ")}]` : "";
  return `${item.jid}${name} (${sub})${groups}`;
}

export async function rosterList(s: Session, json: boolean, io: CliIo): Promise<void> {
  const items = await onRoster(() => s.client.roster.get());
  const sorted = [...items].sort((a, b) => (a.jid < b.jid ? -1 : a.jid > b.jid ? 1 : 0));
  for (const item of sorted) io.out(json ? JSON.stringify(item) : rosterLine(item));
  if (!json && sorted.length === 0) io.err("(the roster is empty)");
}

export interface RosterAddOptions {
  name?: string;
  groups: string[];
  subscribe: boolean;
}

export async function rosterAdd(
  s: Session,
  jid: Jid,
  o: RosterAddOptions,
  io: CliIo,
): Promise<void> {
  const bare = jid.bare().toString();
  const item: { jid: string; name?: string; groups: string[] } = { jid: bare, groups: o.groups };
  if (o.name !== undefined) item.name = o.name;
  await onRoster(() => s.client.roster.set(item));
  if (o.subscribe) {
    s.client.subscribe(bare);
    await s.flush();
  }
  io.out(`added ${bare}${o.subscribe ? " and asked for a subscription" : ""}`);
}

export async function rosterRemove(s: Session, jid: Jid, io: CliIo): Promise<void> {
  const bare = jid.bare().toString();
  await onRoster(() => s.client.roster.remove(bare));
  io.out(`removed ${bare}`);
}
