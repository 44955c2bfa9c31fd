// The PEP service of every account (XEP-0163 §4 on XEP-0060): the operations, independent of
// the XML that asks for them, used by the iq handlers and by other modules through api.ts.
import type { ModuleContext } from "@parley/server";
import type { Element } from "@parley/xml";
import { accessDenied } from "./access";
import type { PepConfig } from "./config";
import { pubsubError } from "./errors";
import type { FormValues } from "./forms";
import { encodePayload, itemElement } from "./item-codec";
import {
  type NodeConfig,
  applyForm,
  defaultNodeConfig,
  itemLimit,
  preconditionsHold,
} from "./node-config";
import { itemsEvent, recipients, sendEvents } from "./notify";
import { PEP_EVENTS, type PepChange } from "./events";
import { type PepNode, PepStore, type StoredItem } from "./store";
import { xml } from "@parley/xml";

export interface PublishRequest {
  owner: string;
  /** Bare JID of whoever publishes; only the owner may (XEP-0163 §4: publish_model publishers). */
  publisher: string;
  node: string;
  /** Item id; a unique one is made when absent (XEP-0060 §7.1.1). */
  id?: string;
  payload: Element;
  /** Publish-options (§7.1.5): preconditions, and the config of an auto-created node. */
  options?: FormValues;
  /** Free tag passed on to `pep/published` observers (loop prevention for bridges). */
  source?: string;
}

const MAX_NODE_NAME = 1024;

export class PepService {
  readonly store: PepStore;

  constructor(
    private readonly ctx: ModuleContext,
    readonly config: PepConfig,
  ) {
    this.store = new PepStore(ctx.storage.kv, config);
  }

  private checkName(node: string | undefined): string {
    if (node === undefined || node === "") throw pubsubError("bad-request", "nodeid-required");
    if (node.length > MAX_NODE_NAME)
      throw pubsubError("not-acceptable", undefined, { text: "node name too long" });
    return node;
  }

  private ownerOnly(owner: string, requester: string): void {
    if (owner !== requester) throw pubsubError("forbidden");
  }

  /** The node, or item-not-found (§6.5.9.11, §7.2.3.3, …). */
  async existing(owner: string, node: string | undefined): Promise<PepNode> {
    const found = await this.store.node(owner, this.checkName(node));
    if (!found) throw pubsubError("item-not-found");
    return found;
  }

  async publish(request: PublishRequest): Promise<string> {
    const { owner, payload } = request;
    const name = this.checkName(request.node);
    this.ownerOnly(owner, request.publisher);
    const text = encodePayload(payload);
    if (new TextEncoder().encode(text).length > this.config.maxItemBytes) {
      throw pubsubError("not-acceptable", "payload-too-big");
    }
    const id = request.id ?? globalThis.crypto.randomUUID();
    const { node, created } = await this.store.exclusive(owner, async () => {
      let node = await this.store.node(owner, name);
      let created = false;
      if (!node) {
        if ((await this.store.nodes(owner)).length >= this.config.maxNodes) {
          throw pubsubError("not-allowed", undefined, { text: "too many nodes" });
        }
        // §7.1.4 auto-create; §7.1.5: the publish-options become the new node's config.
        const base = defaultNodeConfig(this.config);
        const config = request.options
          ? applyForm(base, request.options, this.config, {
              condition: "conflict",
              pubsub: "precondition-not-met",
            })
          : base;
        node = { name, config, affiliations: {}, subscriptions: {} };
        await this.store.saveNode(owner, node);
        created = true;
      } else if (request.options && !preconditionsHold(node.config, request.options, this.config)) {
        throw pubsubError("conflict", "precondition-not-met");
      }
      const item: StoredItem = {
        id,
        xml: text,
        publisher: request.publisher,
        stamp: new Date().toISOString(),
      };
      const items = (await this.store.items(owner, node)).filter((i) => i.id !== id);
      items.push(item);
      // §6.5.7 / §16.4.3 max_items: the oldest items go.
      await this.store.saveItems(owner, node, items.slice(-itemLimit(node.config, this.config)));
      return { node, created };
    });
    if (node.config.deliver_notifications) {
      const item: StoredItem = { id, xml: text, publisher: request.publisher, stamp: "" };
      await sendEvents(
        this.ctx,
        owner,
        await recipients(this.ctx, owner, node),
        itemsEvent(name, [itemElement(item, node.config.deliver_payloads)]),
      );
    }
    await this.changed({
      kind: "published",
      owner,
      node: name,
      id,
      payload,
      created,
      source: request.source,
    });
    return id;
  }

  async retract(
    owner: string,
    requester: string,
    nodeName: string | undefined,
    id: string | undefined,
    notify?: boolean,
    source?: string,
  ): Promise<void> {
    this.ownerOnly(owner, requester);
    if (id === undefined || id === "") throw pubsubError("bad-request", "item-required");
    const node = await this.store.exclusive(owner, async () => {
      const node = await this.existing(owner, nodeName);
      const items = await this.store.items(owner, node);
      const rest = items.filter((i) => i.id !== id);
      if (rest.length === items.length) throw pubsubError("item-not-found");
      await this.store.saveItems(owner, node, rest);
      return node;
    });
    // §7.2.2.1: the request's notify attribute, else the node's notify_retract.
    if ((notify ?? node.config.notify_retract) && node.config.deliver_notifications) {
      const body = xml("items", { node: node.name }, xml("retract", { id }));
      await sendEvents(this.ctx, owner, await recipients(this.ctx, owner, node), body);
    }
    await this.changed({ kind: "retracted", owner, node: node.name, id, source });
  }

  /** Items a requester may see (§6.5): all, the newest `max`, or those with the given ids. */
  async items(
    owner: string,
    requester: string,
    nodeName: string | undefined,
    filter: { ids?: string[]; max?: number } = {},
  ): Promise<{ node: PepNode; items: StoredItem[] }> {
    const node = await this.existing(owner, nodeName);
    const denied = await accessDenied(this.ctx.storage.roster, owner, node, requester);
    if (denied) throw denied;
    let items = await this.store.items(owner, node);
    if (filter.ids && filter.ids.length > 0) {
      const wanted = new Set(filter.ids);
      items = items.filter((i) => wanted.has(i.id));
      // §6.5.8: asking for one id that is not there.
      if (items.length === 0) throw pubsubError("item-not-found");
    }
    if (filter.max !== undefined) items = items.slice(-filter.max);
    return { node, items };
  }

  async create(
    owner: string,
    requester: string,
    nodeName: string | undefined,
    form?: FormValues,
  ): Promise<void> {
    this.ownerOnly(owner, requester);
    // §8.1.3: instant nodes (no name) are not for PEP.
    if (nodeName === undefined) throw pubsubError("not-acceptable", "nodeid-required");
    const name = this.checkName(nodeName);
    await this.store.exclusive(owner, async () => {
      if (await this.store.node(owner, name)) throw pubsubError("conflict");
      if ((await this.store.nodes(owner)).length >= this.config.maxNodes) {
        throw pubsubError("not-allowed", undefined, { text: "too many nodes" });
      }
      const base = defaultNodeConfig(this.config);
      const config = form ? applyForm(base, form, this.config) : base;
      await this.store.saveNode(owner, { name, config, affiliations: {}, subscriptions: {} });
    });
  }

  async configure(
    owner: string,
    requester: string,
    nodeName: string | undefined,
    form: FormValues,
  ): Promise<NodeConfig> {
    this.ownerOnly(owner, requester);
    return this.store.exclusive(owner, async () => {
      const node = await this.existing(owner, nodeName);
      const items = await this.store.items(owner, node);
      const updated: PepNode = { ...node, config: applyForm(node.config, form, this.config) };
      await this.store.saveNode(owner, updated);
      // A smaller max_items or a change of persist_items moves or trims the items.
      await this.store.saveItems(
        owner,
        updated,
        items.slice(-itemLimit(updated.config, this.config)),
      );
      return updated.config;
    });
  }

  async deleteNode(
    owner: string,
    requester: string,
    nodeName: string | undefined,
    source?: string,
  ): Promise<void> {
    this.ownerOnly(owner, requester);
    const node = await this.existing(owner, nodeName);
    // §8.4.2: the subscribers learn of it; collected before the subscriptions go.
    const to = node.config.notify_delete ? await recipients(this.ctx, owner, node) : [];
    await this.store.exclusive(owner, () => this.store.deleteNode(owner, node.name));
    await sendEvents(this.ctx, owner, to, xml("delete", { node: node.name }));
    await this.changed({ kind: "deleted", owner, node: node.name, source });
  }

  async purge(owner: string, requester: string, nodeName: string | undefined): Promise<void> {
    this.ownerOnly(owner, requester);
    const node = await this.store.exclusive(owner, async () => {
      const node = await this.existing(owner, nodeName);
      await this.store.saveItems(owner, node, []);
      return node;
    });
    if (node.config.notify_retract) {
      await sendEvents(
        this.ctx,
        owner,
        await recipients(this.ctx, owner, node),
        xml("purge", { node: node.name }),
      );
    }
    await this.changed({ kind: "purged", owner, node: node.name });
  }

  /** §6.1: an explicit subscription of `jid` (the requester's own bare or full JID). */
  async subscribe(
    owner: string,
    requester: string,
    nodeName: string | undefined,
    jid: string,
  ): Promise<PepNode> {
    return this.store.exclusive(owner, async () => {
      const node = await this.existing(owner, nodeName);
      const denied = await accessDenied(this.ctx.storage.roster, owner, node, requester);
      if (denied) throw denied;
      node.subscriptions[jid] = "subscribed";
      await this.store.saveNode(owner, node);
      return node;
    });
  }

  async unsubscribe(owner: string, nodeName: string | undefined, jid: string): Promise<void> {
    await this.store.exclusive(owner, async () => {
      const node = await this.existing(owner, nodeName);
      // §6.2.3.2: not subscribed.
      if (!node.subscriptions[jid]) throw pubsubError("unexpected-request", "not-subscribed");
      delete node.subscriptions[jid];
      await this.store.saveNode(owner, node);
    });
  }

  async setAffiliations(
    owner: string,
    requester: string,
    nodeName: string | undefined,
    changes: [string, string][],
  ): Promise<void> {
    this.ownerOnly(owner, requester);
    await this.store.exclusive(owner, async () => {
      const node = await this.existing(owner, nodeName);
      for (const [jid, affiliation] of changes) {
        if (jid === owner)
          throw pubsubError("not-acceptable", undefined, { text: "the owner stays owner" });
        if (affiliation === "none") delete node.affiliations[jid];
        else if (
          affiliation === "member" ||
          affiliation === "publisher" ||
          affiliation === "outcast"
        ) {
          node.affiliations[jid] = affiliation;
        } else throw pubsubError("bad-request", undefined, { text: `affiliation ${affiliation}` });
      }
      await this.store.saveNode(owner, node);
    });
  }

  private async changed(change: PepChange): Promise<void> {
    try {
      await this.ctx.fire(PEP_EVENTS.changed, change);
    } catch (error) {
      this.ctx.log.warn("pep/changed observer failed", { error: String(error) });
    }
  }
}
