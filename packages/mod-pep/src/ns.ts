// Namespaces and disco features of XEP-0060 / XEP-0163 as a PEP service uses them.
export const PUBSUB = "http://jabber.org/protocol/pubsub";
export const PUBSUB_EVENT = "http://jabber.org/protocol/pubsub#event";
export const PUBSUB_OWNER = "http://jabber.org/protocol/pubsub#owner";
export const PUBSUB_ERRORS = "http://jabber.org/protocol/pubsub#errors";
export const NODE_CONFIG = "http://jabber.org/protocol/pubsub#node_config";
export const PUBLISH_OPTIONS = "http://jabber.org/protocol/pubsub#publish-options";
export const CAPS = "http://jabber.org/protocol/caps";
export const DISCO_INFO = "http://jabber.org/protocol/disco#info";
export const DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
export const DATA_FORMS = "jabber:x:data";
export const AVATAR_METADATA = "urn:xmpp:avatar:metadata"; // XEP-0084
export const AVATAR_DATA = "urn:xmpp:avatar:data"; // XEP-0084
export const VCARD = "vcard-temp"; // XEP-0054
export const NS_VCARD_IQ = `${VCARD}:vCard`; // the iq event suffix of <vCard xmlns="vcard-temp"/>
/** XEP-0398 §2: the account converts between XEP-0084 and XEP-0153 avatars. */
export const PEP_VCARD_CONVERSION = "urn:xmpp:pep-vcard-conversion:0";
export const VCARD_UPDATE = "vcard-temp:x:update"; // XEP-0153

/** XEP-0060 §10 features this service implements, advertised on the account (XEP-0163 §4). */
export const PUBSUB_FEATURES = [
  "access-open",
  "access-presence",
  "access-roster",
  "access-whitelist",
  "auto-create",
  "auto-subscribe",
  "config-node",
  "create-and-configure",
  "create-nodes",
  "delete-items",
  "delete-nodes",
  "filtered-notifications",
  "item-ids",
  "last-published",
  "modify-affiliations",
  "persistent-items",
  "presence-notifications",
  "presence-subscribe",
  "publish",
  "publish-options",
  "purge-nodes",
  "retract-items",
  "retrieve-affiliations",
  "retrieve-default",
  "retrieve-items",
  "retrieve-subscriptions",
  "subscribe",
].map((f) => `${PUBSUB}#${f}`);
