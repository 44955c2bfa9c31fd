// Archiving as messages flow (XEP-0313 §3, §6.1.1): outgoing messages in the pre-route hook of
// the sender's session, incoming ones in the delivery hook of the recipient before the RFC 6121
// rules run — so offline messages are archived too, and the stanza-id stamped here reaches
// the recipient's clients, the offline store and carbon copies alike. The id is chosen and
// stamped here, synchronously; the write itself joins the writer's next batch, so delivery does
// not wait for storage (queries and server stop flush the writer first) unless storage has
// fallen `maxBacklog` messages behind.
import type { Jid } from "@parley/jid";
import type { ModuleContext, StanzaEvent } from "@parley/server";
import type { Element } from "@parley/xml";
import type { ArchiveWriter } from "./archive-writer";
import { toStored } from "./codec";
import { allowedByPrefs, archivable } from "./policy";
import type { PrefsCache } from "./prefs-cache";
import { newArchiveId, stanzaIdElement, stripStanzaIds } from "./stanza-id";

/**
 * Below blocking (XEP-0191 at 1000: a rejected message is not archived, XEP-0313 §6.1) and the
 * forged-carbon check, above carbons (so carbon copies carry the stanza-id) and delivery (0).
 */
export const ARCHIVE_PRIORITY = 500;

/** `carbons/copy` (fired by @parley/mod-carbons before it sends copies of a message). */
export const CARBON_COPY_EVENT = "carbons/copy";
export interface CarbonCopyEvent {
  readonly owner: string;
  readonly direction: "sent" | "received";
  readonly original: Element;
  /** The message inside <forwarded/>, which listeners may decorate. */
  readonly forwarded: Element;
}

export function registerArchiver(
  ctx: ModuleContext,
  writer: ArchiveWriter,
  prefs: PrefsCache,
): void {
  const hosts = ctx.hosts.map((h) => h.toLowerCase());
  /** Archive ids of outgoing messages, for their sent carbons (XEP-0313 §3.5). */
  const sentIds = new WeakMap<Element, string>();
  /** Stanzas already handled (message/full may fall back to message/bare without a module). */
  const seen = new WeakSet<Element>();

  const allowed = async (owner: string, contact: Jid) =>
    allowedByPrefs(await prefs.get(owner), ctx.storage, owner, contact);
  // A bound session proves the account exists; only a message to an offline user needs a read.
  const exists = async (owner: string) =>
    ctx.sessionsOf(owner).length > 0 || (await ctx.storage.accounts.exists(owner));

  async function outgoing(event: StanzaEvent): Promise<undefined> {
    const owner = event.origin?.bareJid;
    if (!owner) return undefined;
    const stanza = event.stanza;
    // Ids claiming the sender's archive, the server, or (a local) recipient's archive: the
    // recipient's copy loses the last kind on arrival anyway, the sender's archive here.
    const recipient = event.to.bare();
    const local = recipient.local !== "" && ctx.isLocalHost(recipient.domain);
    stripStanzaIds(stanza, [owner.toString(), ...hosts, ...(local ? [recipient.toString()] : [])]);
    // A message to the user's own account is archived once, on arrival (§6.1.1).
    if (event.to.bareEquals(owner) || !archivable(stanza)) return undefined;
    if (!(await allowed(owner.toString(), event.to))) return undefined;
    const id = newArchiveId();
    writer.append(owner.toString(), {
      id,
      stamp: new Date(),
      with: event.to.bare().toString(),
      withResource: event.to.resource,
      direction: "out",
      xml: toStored(stanza),
    });
    sentIds.set(stanza, id);
    const behind = writer.room(); // storage behind: this sender waits (archive-writer.ts)
    if (behind) await behind;
    return undefined;
  }

  async function incoming(event: StanzaEvent): Promise<undefined> {
    const stanza = event.stanza;
    if (seen.has(stanza)) return undefined;
    seen.add(stanza);
    const account = event.to.bare();
    if (account.local === "" || !ctx.isLocalHost(account.domain)) return undefined;
    const owner = account.toString();
    stripStanzaIds(stanza, [owner, ...hosts]);
    if (!archivable(stanza) || !(await exists(owner))) return undefined;
    if (!(await allowed(owner, event.from))) return undefined;
    const id = newArchiveId();
    stanza.append(stanzaIdElement(owner, id));
    writer.append(owner, {
      id,
      stamp: new Date(),
      with: event.from.bare().toString(),
      withResource: event.from.resource,
      direction: "in",
      xml: toStored(stanza),
    });
    const behind = writer.room();
    if (behind) await behind;
    return undefined;
  }

  for (const dest of ["bare", "full"]) {
    ctx.on<StanzaEvent>(`pre-message/${dest}`, outgoing, ARCHIVE_PRIORITY);
    ctx.on<StanzaEvent>(`message/${dest}`, incoming, ARCHIVE_PRIORITY);
  }
  // XEP-0313 §3.5: a sent carbon carries the stanza-id of the sender's archive inside the
  // forwarded copy (the contact never sees it).
  ctx.on<CarbonCopyEvent>(CARBON_COPY_EVENT, ({ direction, original, forwarded, owner }) => {
    const id = direction === "sent" ? sentIds.get(original) : undefined;
    if (id !== undefined) forwarded.append(stanzaIdElement(owner, id));
    return undefined;
  });
}
