// Push registrations (XEP-0357 §5: one per push service JID and node) in the module key-value
// store (`ctx.storage.kv`, store "push", owner = the account's bare JID).
import type { KeyValueStore } from "@parley/storage";

export const KV_STORE = "push";

export interface Registration {
  /** XMPP Push Service (XEP-0357 §3). */
  jid: string;
  /** Node provisioned by the app server ("" when the client gave none). */
  node: string;
  /** Serialized publish-options form (§5), sent with every notification. */
  publishOptions: string | undefined;
}

export const registrationKey = (jid: string, node: string) => JSON.stringify([jid, node]);

export class Registrations {
  constructor(private readonly kv: KeyValueStore) {}

  async list(owner: string): Promise<Registration[]> {
    const out: Registration[] = [];
    for (const [, value] of await this.kv.entries(KV_STORE, owner)) {
      try {
        const r = JSON.parse(value) as Registration;
        if (typeof r.jid === "string" && typeof r.node === "string") out.push(r);
      } catch {
        // an unreadable record is skipped
      }
    }
    return out;
  }

  /** §5: enabling the same JID and node again replaces its publish options. */
  async put(owner: string, r: Registration): Promise<void> {
    await this.kv.set(KV_STORE, owner, registrationKey(r.jid, r.node), JSON.stringify(r));
  }

  /** §6: removes one JID+node, or every node of the JID when `node` is undefined. */
  async remove(owner: string, jid: string, node: string | undefined): Promise<number> {
    let removed = 0;
    for (const r of await this.list(owner)) {
      if (r.jid === jid && (node === undefined || r.node === node)) {
        await this.kv.set(KV_STORE, owner, registrationKey(r.jid, r.node), undefined);
        removed++;
      }
    }
    return removed;
  }
}
