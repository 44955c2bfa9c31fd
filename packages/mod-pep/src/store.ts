// Where PEP nodes and items live. Key-value stores (per owner, string values):
//   "pep-nodes"  key = node name → JSON { config, affiliations, subscriptions }
//   "pep-items"  key = node name → JSON array of items, oldest first
// Items of nodes with persist_items=false stay in memory only (XEP-0060 §16.4.3).
// Changes of one owner's service are serialized with a per-owner queue, so that two publishes
// never interleave their read-modify-write.
import type { KeyValueStore } from "@parley/storage";
import type { PepConfig } from "./config";
import { type NodeConfig, restoreConfig } from "./node-config";

export const NODES_STORE = "pep-nodes";
export const ITEMS_STORE = "pep-items";

/** XEP-0060 §4.1 affiliations a PEP owner can grant (owner is implicit). */
export type Affiliation = "member" | "publisher" | "outcast";

export interface PepNode {
  name: string;
  config: NodeConfig;
  /** Bare JID → affiliation. */
  affiliations: Record<string, Affiliation>;
  /** JID (bare or full) → "subscribed" (§6.1 explicit subscriptions). */
  subscriptions: Record<string, "subscribed">;
}

export interface StoredItem {
  id: string;
  /** The payload element, serialized self-contained. */
  xml: string;
  /** Bare JID of the publisher. */
  publisher: string;
  /** ISO time of publication. */
  stamp: string;
}

export class PepStore {
  private readonly volatile = new Map<string, StoredItem[]>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly kv: KeyValueStore,
    private readonly service: PepConfig,
  ) {}

  /** Runs `fn` after every earlier change of `owner`'s service has finished. */
  exclusive<T>(owner: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(owner) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(owner, settled);
    void settled.then(() => {
      if (this.queues.get(owner) === settled) this.queues.delete(owner);
    });
    return next;
  }

  async node(owner: string, name: string): Promise<PepNode | undefined> {
    const text = await this.kv.get(NODES_STORE, owner, name);
    return text === undefined ? undefined : this.parseNode(name, text);
  }

  async nodes(owner: string): Promise<PepNode[]> {
    const entries = await this.kv.entries(NODES_STORE, owner);
    return entries.map(([name, text]) => this.parseNode(name, text));
  }

  async saveNode(owner: string, node: PepNode): Promise<void> {
    const { config, affiliations, subscriptions } = node;
    await this.kv.set(
      NODES_STORE,
      owner,
      node.name,
      JSON.stringify({ config, affiliations, subscriptions }),
    );
  }

  async deleteNode(owner: string, name: string): Promise<void> {
    await this.kv.set(NODES_STORE, owner, name, undefined);
    await this.kv.set(ITEMS_STORE, owner, name, undefined);
    this.volatile.delete(volatileKey(owner, name));
  }

  async items(owner: string, node: PepNode): Promise<StoredItem[]> {
    if (!node.config.persist_items)
      return [...(this.volatile.get(volatileKey(owner, node.name)) ?? [])];
    const text = await this.kv.get(ITEMS_STORE, owner, node.name);
    return text === undefined ? [] : (JSON.parse(text) as StoredItem[]);
  }

  /** Replaces the node's items (already trimmed by the caller). */
  async saveItems(owner: string, node: PepNode, items: StoredItem[]): Promise<void> {
    const key = volatileKey(owner, node.name);
    if (node.config.persist_items) {
      this.volatile.delete(key);
      await this.kv.set(
        ITEMS_STORE,
        owner,
        node.name,
        items.length ? JSON.stringify(items) : undefined,
      );
    } else {
      await this.kv.set(ITEMS_STORE, owner, node.name, undefined);
      if (items.length) this.volatile.set(key, items);
      else this.volatile.delete(key);
    }
  }

  private parseNode(name: string, text: string): PepNode {
    const data = JSON.parse(text) as Partial<PepNode>;
    return {
      name,
      config: restoreConfig(data.config, this.service),
      affiliations: data.affiliations ?? {},
      subscriptions: data.subscriptions ?? {},
    };
  }
}

function volatileKey(owner: string, node: string): string {
  return `${owner}\n${node}`;
}
