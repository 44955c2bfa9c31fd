// `parley roster list|add|remove|approve|deny` (RFC 6121 §2, §3): `add` also asks for a
// subscription (§3.1.1), `list` shows the requests waiting for our answer (§3.1.3), `approve` and
// `deny` answer them (§3.1.4, §3.2.1).
import type { RosterItem } from "@parley/client";
import type { Jid } from "@parley/jid";
import { type PresenceView, StanzaError, presence } from "@parley/stanza";
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

/** A roster line; `requested`: this contact's subscription request waits for our answer. */
export function rosterLine(item: RosterItem, requested = false): string {
  const words = [item.subscription as string];
  if (item.ask === "subscribe") words.push("asked");
  if (requested) words.push("asks you");
  const name = item.name ? ` "${item.name}"` : "";
  const groups = item.groups.length > 0 ? ` [${item.groups.join(", ")}]` : "";
  return `${item.jid}${name} (${words.join(", ")})${groups}`;
}

/**
 * The bare JIDs whose subscription requests wait for our answer. The server hands them only to
 * an available resource (RFC 6121 §3.1.3), so this sends presence with priority -1: no message
 * is routed here (§4.7.2.3), and the session ends right after.
 */
async function pendingRequests(s: Session): Promise<Set<string>> {
  const from = new Set<string>();
  const onPresence = (p: PresenceView) => {
    const jid = p.fromJid;
    if (p.rawType === "subscribe" && jid) from.add(jid.bare().toString());
  };
  s.client.on("presence", onPresence);
  try {
    s.client.send(presence({ priority: -1 }));
    await s.flush(); // the server delivers stored requests while it handles the presence
  } finally {
    s.client.off("presence", onPresence);
  }
  return from;
}

export interface RosterListOptions {
  json: boolean;
  /** Also look for subscription requests waiting for an answer (goes available briefly). */
  pending: boolean;
}

export async function rosterList(s: Session, o: RosterListOptions, io: CliIo): Promise<void> {
  const items = await onRoster(() => s.client.roster.get());
  const requests = o.pending ? await pendingRequests(s) : new Set<string>();
  const asking = [...requests];
  const byJid = (a: { jid: string }, b: { jid: string }) =>
    a.jid < b.jid ? -1 : a.jid > b.jid ? 1 : 0;
  for (const item of [...items].sort(byJid)) {
    const requested = requests.delete(item.jid);
    if (o.json) io.out(JSON.stringify(requested ? { ...item, requested } : item));
    else io.out(rosterLine(item, requested));
  }
  // Requests from people who are not in the roster.
  for (const jid of [...requests].sort()) {
    io.out(
      o.json ? JSON.stringify({ jid, requested: true }) : `${jid} (not in the roster, asks you)`,
    );
  }
  if (o.json) return;
  if (items.length === 0 && asking.length === 0) io.err("(the roster is empty)");
  if (asking.length > 0) {
    io.err("(answer a request with: parley roster approve JID, or parley roster deny JID)");
  }
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

/** §3.1.4: lets `jid` see our presence (a pre-approval, §3.4, when no request is pending). */
export async function rosterApprove(s: Session, jid: Jid, io: CliIo): Promise<void> {
  const bare = jid.bare().toString();
  s.client.approve(bare);
  await s.flush();
  io.out(`approved ${bare}: they can see your presence`);
}

/** §3.2.1: refuses `jid`'s request (or cancels the subscription they have to us). */
export async function rosterDeny(s: Session, jid: Jid, io: CliIo): Promise<void> {
  const bare = jid.bare().toString();
  s.client.deny(bare);
  await s.flush();
  io.out(`denied ${bare}: they cannot see your presence`);
}
