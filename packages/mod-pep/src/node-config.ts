// Node configuration (XEP-0060 §8.2, §16.4.3 pubsub#node_config) of a PEP node: the options a
// PEP client uses, how they read from a submitted form (configure, create, publish-options) and
// the publish-options precondition check of §7.1.5.
import type { StanzaErrorCondition } from "@parley/stanza";
import type { Element } from "@parley/xml";
import type { PepConfig } from "./config";
import { pubsubError } from "./errors";
import { type FormField, type FormValues, buildForm } from "./forms";
import { NODE_CONFIG, type PUBLISH_OPTIONS } from "./ns";

export const ACCESS_MODELS = ["open", "presence", "roster", "whitelist"] as const;
export type AccessModel = (typeof ACCESS_MODELS)[number];
export const SEND_LAST = ["never", "on_sub", "on_sub_and_presence"] as const;
export type SendLast = (typeof SEND_LAST)[number];

export interface NodeConfig {
  access_model: AccessModel;
  persist_items: boolean;
  /** A number, or "max" (the service's limit). */
  max_items: number | "max";
  send_last_published_item: SendLast;
  notify_retract: boolean;
  notify_delete: boolean;
  deliver_payloads: boolean;
  deliver_notifications: boolean;
  title: string;
  roster_groups_allowed: string[];
}

export function defaultNodeConfig(service: PepConfig): NodeConfig {
  return {
    access_model: "presence", // XEP-0163 §4 default for PEP
    persist_items: true,
    max_items: service.defaultMaxItems,
    send_last_published_item: "on_sub_and_presence", // XEP-0163 §4
    notify_retract: true,
    notify_delete: true,
    deliver_payloads: true,
    deliver_notifications: true,
    title: "",
    roster_groups_allowed: [],
  };
}

/** The number of items a node keeps. */
export function itemLimit(config: NodeConfig, service: PepConfig): number {
  return config.max_items === "max"
    ? service.maxItems
    : Math.min(config.max_items, service.maxItems);
}

const BOOLEAN_KEYS = [
  "persist_items",
  "notify_retract",
  "notify_delete",
  "deliver_payloads",
  "deliver_notifications",
] as const;

const FIELD = (key: string) => `pubsub#${key}`;

function parseBoolean(value: string | undefined): boolean | undefined {
  // XEP-0004 §3.3 boolean: "0", "1", "false", "true".
  if (value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  return undefined;
}

/**
 * Applies a submitted form to `base` and returns the new config. Unknown fields and bad values
 * throw `condition` (bad-request for configure, conflict/precondition-not-met for
 * publish-options, as §7.1.5 asks).
 */
export function applyForm(
  base: NodeConfig,
  values: FormValues,
  service: PepConfig,
  failure: { condition: StanzaErrorCondition; pubsub?: string } = { condition: "not-acceptable" },
): NodeConfig {
  const config: NodeConfig = { ...base, roster_groups_allowed: [...base.roster_groups_allowed] };
  const fail = (text: string) => pubsubError(failure.condition, failure.pubsub, { text });
  for (const [name, list] of values) {
    if (name === "FORM_TYPE") continue;
    const key = name.startsWith("pubsub#") ? name.slice(7) : undefined;
    const value = list[0];
    switch (key) {
      case "access_model":
        if (!ACCESS_MODELS.includes(value as AccessModel)) throw fail(`access_model ${value}`);
        config.access_model = value as AccessModel;
        break;
      case "send_last_published_item":
        if (!SEND_LAST.includes(value as SendLast)) throw fail(`send_last_published_item ${value}`);
        config.send_last_published_item = value as SendLast;
        break;
      case "max_items": {
        if (value === "max") config.max_items = "max";
        else {
          const n = value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
          if (!(n >= 1)) throw fail(`max_items ${value}`);
          if (n > service.maxItems) throw fail(`max_items above ${service.maxItems}`);
          config.max_items = n;
        }
        break;
      }
      case "title":
        config.title = value ?? "";
        break;
      case "roster_groups_allowed":
        config.roster_groups_allowed = [...list];
        break;
      default: {
        if (key !== undefined && (BOOLEAN_KEYS as readonly string[]).includes(key)) {
          const b = parseBoolean(value);
          if (b === undefined) throw fail(`${name} must be a boolean`);
          config[key as (typeof BOOLEAN_KEYS)[number]] = b;
          break;
        }
        throw fail(`unsupported field ${name}`);
      }
    }
  }
  return config;
}

/** §7.1.5: does every publish-option hold for `config`? (Same parsing, then compare.) */
export function preconditionsHold(
  config: NodeConfig,
  values: FormValues,
  service: PepConfig,
): boolean {
  const wanted = applyForm(config, values, service, {
    condition: "conflict",
    pubsub: "precondition-not-met",
  });
  return JSON.stringify(wanted) === JSON.stringify(config);
}

/** The configure form of §8.2 (owner's view), FORM_TYPE first. */
export function configForm(config: NodeConfig): Element {
  const b = (v: boolean) => (v ? "1" : "0");
  const fields: FormField[] = [
    { var: "FORM_TYPE", type: "hidden", values: [NODE_CONFIG] },
    { var: FIELD("title"), type: "text-single", values: [config.title] },
    {
      var: FIELD("access_model"),
      type: "list-single",
      values: [config.access_model],
      options: ACCESS_MODELS,
    },
    {
      var: FIELD("roster_groups_allowed"),
      type: "list-multi",
      values: config.roster_groups_allowed,
    },
    { var: FIELD("persist_items"), type: "boolean", values: [b(config.persist_items)] },
    { var: FIELD("max_items"), type: "text-single", values: [String(config.max_items)] },
    {
      var: FIELD("send_last_published_item"),
      type: "list-single",
      values: [config.send_last_published_item],
      options: SEND_LAST,
    },
    {
      var: FIELD("deliver_notifications"),
      type: "boolean",
      values: [b(config.deliver_notifications)],
    },
    { var: FIELD("deliver_payloads"), type: "boolean", values: [b(config.deliver_payloads)] },
    { var: FIELD("notify_retract"), type: "boolean", values: [b(config.notify_retract)] },
    { var: FIELD("notify_delete"), type: "boolean", values: [b(config.notify_delete)] },
  ];
  return buildForm("form", fields);
}

/** Checks FORM_TYPE of a submitted form (absent is tolerated, as many clients omit it). */
export function checkFormType(
  values: FormValues,
  expected: typeof NODE_CONFIG | typeof PUBLISH_OPTIONS,
): void {
  const type = values.get("FORM_TYPE")?.[0];
  if (type !== undefined && type !== expected) {
    throw pubsubError("bad-request", undefined, { text: `FORM_TYPE must be ${expected}` });
  }
}

/** Reads a stored config (JSON), filling options added since it was written. */
export function restoreConfig(
  stored: Partial<NodeConfig> | undefined,
  service: PepConfig,
): NodeConfig {
  return { ...defaultNodeConfig(service), ...(stored ?? {}) };
}
