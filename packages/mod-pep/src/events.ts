// The programmatic API of the PEP service for other modules. Modules cannot reach each other's
// instances, so it travels over the server's event bus: mod-pep answers the request events, and
// fires `pep/changed` after every change. `pepApi(ctx)` wraps the events with types.
//
//   const pep = pepApi(ctx);          // in a module with dependsOn: ["pep"]
//   await pep.publish({ owner, node, id, payload, options });
//   const items = await pep.items(owner, node);
//   ctx.on<PepChange>(PEP_EVENTS.changed, (change) => { …; return undefined; });
import type { ModuleContext } from "@parley/server";
import type { Element } from "@parley/xml";
import type { FormValues } from "./forms";

export const PEP_EVENTS = {
  /** PublishEvent → resolves to the item id. */
  publish: "pep/publish",
  /** RetractEvent → resolves to true. */
  retract: "pep/retract",
  /** ItemsEvent → resolves to PepItem[] (or null when the node does not exist). */
  items: "pep/items",
  /** DeleteNodeEvent → resolves to true (false when there was no such node). */
  deleteNode: "pep/delete-node",
  /** AccountFeatureEvent: adds a feature to every account's disco#info (XEP-0163 §…, XEP-0402 §…). */
  accountFeature: "pep/account-feature",
  /** Fired by mod-pep after each change (PepChange); observers return undefined. */
  changed: "pep/changed",
} as const;

/** Publish-options as plain values: { "pubsub#access_model": "whitelist", … }. */
export type PublishOptions = Readonly<Record<string, string | readonly string[]>>;

export interface PublishEvent {
  owner: string;
  node: string;
  id?: string;
  payload: Element;
  options?: PublishOptions;
  /** Tag repeated in the resulting PepChange, so that a bridge can skip its own changes. */
  source?: string;
}
export interface RetractEvent {
  owner: string;
  node: string;
  id: string;
  /** Notify subscribers; default: the node's notify_retract. */
  notify?: boolean;
  source?: string;
}
export interface ItemsEvent {
  owner: string;
  node: string;
}
export interface DeleteNodeEvent {
  owner: string;
  node: string;
  source?: string;
}
export interface AccountFeatureEvent {
  feature: string;
}

export interface PepItem {
  id: string;
  payload: Element;
  publisher: string;
  /** Publication time. */
  stamp: Date;
}

export type PepChange =
  | {
      kind: "published";
      owner: string;
      node: string;
      id: string;
      payload: Element;
      created: boolean;
      source?: string;
    }
  | { kind: "retracted"; owner: string; node: string; id: string; source?: string }
  | { kind: "deleted" | "purged"; owner: string; node: string; source?: string };

export function toFormValues(options: PublishOptions): FormValues {
  const values: FormValues = new Map();
  for (const [k, v] of Object.entries(options)) values.set(k, typeof v === "string" ? [v] : [...v]);
  return values;
}

export interface PepApi {
  publish(event: PublishEvent): Promise<string>;
  retract(event: RetractEvent): Promise<void>;
  /** Items, oldest first; null when the node does not exist. */
  items(owner: string, node: string): Promise<PepItem[] | null>;
  deleteNode(event: DeleteNodeEvent): Promise<boolean>;
  addAccountFeature(feature: string): Promise<void>;
}

/** Typed access to a running mod-pep. Calls fail (rejecting) when mod-pep is not loaded. */
export function pepApi(ctx: Pick<ModuleContext, "fire">): PepApi {
  const call = async <T>(event: string, payload: unknown): Promise<T> => {
    const result = await ctx.fire(event, payload);
    if (result === undefined) throw new Error(`${event}: mod-pep is not loaded`);
    return result as T;
  };
  return {
    publish: (e) => call<string>(PEP_EVENTS.publish, e),
    retract: async (e) => {
      await call<true>(PEP_EVENTS.retract, e);
    },
    items: async (owner, node) => {
      const r = await call<{ items: PepItem[] | null }>(PEP_EVENTS.items, { owner, node });
      return r.items;
    },
    deleteNode: (e) => call<boolean>(PEP_EVENTS.deleteNode, e),
    addAccountFeature: async (feature) => {
      await call<true>(PEP_EVENTS.accountFeature, { feature });
    },
  };
}
