// Which messages a user archive keeps (XEP-0313 §6.1.1) and the user's preferences (XEP-0441).
import type { Jid } from "@parley/jid";
import { NS } from "@parley/stanza";
import type { Storage } from "@parley/storage";
import type { Element } from "@parley/xml";
import type { Prefs } from "./prefs";

const hint = (stanza: Element, name: string) => stanza.getChild(name, NS.HINTS) !== undefined;

/**
 * XEP-0313 §6.1.1: messages of type normal or chat with a <body>. Never errors, headlines or
 * groupchat (not archived in user archives for now). XEP-0334 §4: <no-store/> and
 * <no-permanent-store/> keep a message out, <store/> brings a body-less one in.
 */
export function archivable(stanza: Element): boolean {
  const raw = stanza.attr("type");
  const type =
    raw === undefined || !["chat", "error", "groupchat", "headline"].includes(raw) ? "normal" : raw;
  if (type !== "chat" && type !== "normal") return false;
  if (hint(stanza, "no-store") || hint(stanza, "no-permanent-store")) return false;
  // Carbon wrappers are never archived (a forged one is rejected by mod-carbons anyway).
  if (stanza.getChild("received", NS.CARBONS) || stanza.getChild("sent", NS.CARBONS)) return false;
  return stanza.getChild("body", stanza.ns) !== undefined || hint(stanza, "store");
}

/** XEP-0441 §2.3 JID matching: a listed bare JID matches any resource, a full JID only itself. */
function listed(list: readonly string[], target: Jid): boolean {
  const bare = target.bare().toString();
  const full = target.toString();
  return list.some((entry) => entry === bare || entry === full);
}

/**
 * Whether the preferences let a message with `target` (the contact: `to` of an outgoing message,
 * `from` of an incoming one, XEP-0441 §2.3.2/§2.3.3) into the owner's archive.
 */
export async function allowedByPrefs(
  prefs: Prefs,
  storage: Storage,
  owner: string,
  target: Jid,
): Promise<boolean> {
  if (listed(prefs.never, target)) return false;
  if (listed(prefs.always, target)) return true;
  if (prefs.default === "always") return true;
  if (prefs.default === "never") return false;
  // 'roster': the contact's bare JID is in the user's roster (XEP-0441 §2.1.1, §2.3.1).
  return (await storage.roster.getItem(owner, target.bare().toString())) !== undefined;
}
