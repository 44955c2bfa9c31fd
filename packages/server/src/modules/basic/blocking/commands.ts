// XEP-0191 §3.2-§3.5: blocklist retrieval, block, unblock and unblock-all, with pushes to every
// resource of the account that requested the blocklist.
import { Jid, JidError } from "@parley/jid";
import { NS, StanzaError, iq } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import type { ModuleContext } from "../../../module-api";
import { ownAccount } from "../account";
import type { BlocklistStore } from "./blocklist-store";
import type { PresenceNotifier } from "./presence";

/** session.data key: the session asked for the blocklist and receives pushes (§3.3). */
export const REQUESTED = "blocking";

/** The prepared JIDs of a command's <item/> children; jid-malformed for a bad one. */
export function itemJids(command: Element): string[] {
  const out: string[] = [];
  for (const item of command.getChildren("item", NS.BLOCKING)) {
    const raw = item.attr("jid");
    if (raw === undefined) throw new StanzaError("bad-request", { text: "<item/> without jid" });
    try {
      out.push(Jid.parse(raw).toString());
    } catch (e) {
      if (e instanceof JidError) throw new StanzaError("jid-malformed", { text: e.message });
      throw e;
    }
  }
  return [...new Set(out)];
}

function itemsOf(jids: readonly string[]): Element[] {
  return jids.map((jid) => xml("item", { jid }));
}

/** Pushes go out after the iq result (the order of the §3.3 examples): the next tick. */
function push(ctx: ModuleContext, owner: string, command: Element): void {
  ctx.setTimeout(() => {
    for (const session of ctx.sessionsOf(owner)) {
      if (session.data.get(REQUESTED) !== true || !session.jid) continue;
      session.send(iq({ to: session.jid, type: "set" }, command.clone()));
    }
  }, 0);
}

export function registerCommands(
  ctx: ModuleContext,
  store: BlocklistStore,
  presence: PresenceNotifier,
): void {
  const options = { destination: "bare" as const };

  ctx.handleIq(
    "get",
    NS.BLOCKING,
    "blocklist",
    async (event) => {
      const owner = ownAccount(event);
      event.origin?.data.set(REQUESTED, true);
      const list = [...(await store.get(owner))].sort();
      return xml("blocklist", { xmlns: NS.BLOCKING }, itemsOf(list));
    },
    options,
  );

  ctx.handleIq(
    "set",
    NS.BLOCKING,
    "block",
    async (event) => {
      const owner = ownAccount(event);
      const jids = itemJids(event.stanza.getChild("block", NS.BLOCKING)!);
      // §3.3: a <block/> without any <item/> is a bad-request.
      if (jids.length === 0) throw new StanzaError("bad-request", { text: "nothing to block" });
      // §3.3: unavailable presence reaches the contact before the block takes effect.
      const before = await store.get(owner);
      await presence.unavailable(
        owner,
        jids.filter((j) => !before.has(j)),
      );
      const added = await store.add(owner, jids);
      if (added.length > 0) push(ctx, owner, xml("block", { xmlns: NS.BLOCKING }, itemsOf(added)));
      return null;
    },
    options,
  );

  ctx.handleIq(
    "set",
    NS.BLOCKING,
    "unblock",
    async (event) => {
      const owner = ownAccount(event);
      const command = event.stanza.getChild("unblock", NS.BLOCKING)!;
      const jids = itemJids(command);
      // §3.5: an empty <unblock/> unblocks everyone.
      const removed = await store.remove(owner, jids.length === 0 ? undefined : jids);
      if (jids.length === 0) {
        push(ctx, owner, xml("unblock", { xmlns: NS.BLOCKING }));
      } else if (removed.length > 0) {
        push(ctx, owner, xml("unblock", { xmlns: NS.BLOCKING }, itemsOf(removed)));
      }
      // §3.4: the contact gets the user's current presence again.
      await presence.available(owner, removed);
      return null;
    },
    options,
  );
}
