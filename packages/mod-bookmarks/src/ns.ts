import { privateStorageKey } from "@parley/server";

// Namespaces of XEP-0402 and XEP-0048 bookmarks.
export const BOOKMARKS = "urn:xmpp:bookmarks:1"; // XEP-0402 node and payload namespace
export const COMPAT = "urn:xmpp:bookmarks:1#compat"; // XEP-0402 §5.3 private-storage bridge
export const COMPAT_PEP = "urn:xmpp:bookmarks:1#compat-pep"; // XEP-0402 §5.3 legacy PEP node bridge
export const LEGACY = "storage:bookmarks"; // XEP-0048 element namespace and legacy PEP node
export const PRIVATE = "jabber:iq:private"; // XEP-0049

/** The key-value store and key under which the built-in private-storage module keeps
 * `<storage xmlns='storage:bookmarks'/>`. */
export { PRIVATE_STORE } from "@parley/server";
export const PRIVATE_KEY = privateStorageKey("storage", LEGACY);

/** XEP-0402 §3 publish-options of the bookmarks node; the legacy node uses the same. */
export const NODE_OPTIONS = {
  "pubsub#persist_items": "true",
  "pubsub#max_items": "max",
  "pubsub#send_last_published_item": "never",
  "pubsub#access_model": "whitelist",
} as const;
export const LEGACY_OPTIONS = {
  "pubsub#persist_items": "true",
  "pubsub#access_model": "whitelist",
} as const;
