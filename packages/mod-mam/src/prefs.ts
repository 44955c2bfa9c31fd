// XEP-0441 archiving preferences (<prefs xmlns='urn:xmpp:mam:2'/>), stored per user in the
// key-value store as JSON.
import { Jid, JidError } from "@parley/jid";
import { NS, StanzaError } from "@parley/stanza";
import type { Storage } from "@parley/storage";
import { type Element, xml } from "@parley/xml";
import type { ArchivePolicy } from "./config";

export interface Prefs {
  default: ArchivePolicy;
  /** Prepared JIDs, bare or full. */
  always: string[];
  never: string[];
}

const STORE = "mam-prefs";
const KEY = "prefs";
const POLICIES = new Set(["always", "never", "roster"]);

export async function loadPrefs(
  storage: Storage,
  owner: string,
  fallback: ArchivePolicy,
): Promise<Prefs> {
  const text = await storage.kv.get(STORE, owner, KEY);
  if (text !== undefined) {
    try {
      const p = JSON.parse(text) as Prefs;
      if (POLICIES.has(p.default) && Array.isArray(p.always) && Array.isArray(p.never)) return p;
    } catch {
      // unreadable: fall back to the server default
    }
  }
  return { default: fallback, always: [], never: [] };
}

export async function savePrefs(storage: Storage, owner: string, prefs: Prefs): Promise<void> {
  await storage.kv.set(STORE, owner, KEY, JSON.stringify(prefs));
}

/** XEP-0441 §2.1: <prefs> with its default and both lists (present even when empty). */
export function prefsElement(prefs: Prefs): Element {
  const list = (name: string, jids: readonly string[]) =>
    xml(
      name,
      null,
      jids.map((j) => xml("jid", null, j)),
    );
  return xml(
    "prefs",
    { xmlns: NS.MAM, default: prefs.default },
    list("always", prefs.always),
    list("never", prefs.never),
  );
}

const badRequest = (text: string) => new StanzaError("bad-request", { text, lang: "en" });

/** Reads a <prefs/> set request; bad-request for an unknown default or a JID that is not one. */
export function parsePrefs(el: Element): Prefs {
  const policy = el.attr("default");
  if (policy === undefined || !POLICIES.has(policy)) {
    throw badRequest("prefs needs default='always|never|roster'");
  }
  const jids = (name: string): string[] => {
    const out: string[] = [];
    for (const j of el.getChild(name, NS.MAM)?.getChildren("jid", NS.MAM) ?? []) {
      try {
        const prepared = Jid.parse(j.text().trim()).toString();
        if (!out.includes(prepared)) out.push(prepared);
      } catch (e) {
        if (e instanceof JidError) throw badRequest(`not a JID: ${j.text()}`);
        throw e;
      }
    }
    return out;
  };
  const always = jids("always");
  // A JID in both lists would be ambiguous: 'never' wins, as the more private choice.
  const never = jids("never");
  return {
    default: policy as ArchivePolicy,
    always: always.filter((j) => !never.includes(j)),
    never,
  };
}
