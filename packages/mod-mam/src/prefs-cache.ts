// Archiving preferences are read for every archived message; keeping them for a short while
// saves a storage read per message. Entries expire after `ttlMs`, so a change made elsewhere
// (another node, an account deleted and created again) applies within that time; changes made
// through this module's own <prefs/> handler apply at once.
import type { Prefs } from "./prefs";

export interface PrefsCache {
  get(owner: string): Promise<Prefs>;
  /** Records prefs just saved (or forgets the owner's when undefined). */
  set(owner: string, prefs: Prefs | undefined): void;
}

export function createPrefsCache(
  load: (owner: string) => Promise<Prefs>,
  options: { ttlMs: number; maxEntries: number; now?: () => number },
): PrefsCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { prefs: Prefs; until: number }>();
  const put = (owner: string, prefs: Prefs) => {
    // Full: start over rather than track recency; a miss costs one read.
    if (entries.size >= options.maxEntries && !entries.has(owner)) entries.clear();
    entries.set(owner, { prefs, until: now() + options.ttlMs });
  };
  return {
    async get(owner) {
      const hit = entries.get(owner);
      if (hit && hit.until > now()) return hit.prefs;
      const prefs = await load(owner);
      put(owner, prefs);
      return prefs;
    },
    set(owner, prefs) {
      if (prefs === undefined) entries.delete(owner);
      else put(owner, prefs);
    },
  };
}
