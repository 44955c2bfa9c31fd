// Namespaces and status codes of XEP-0045 and the XEPs the MUC service speaks.
import { NS } from "@parley/stanza";

export const MUC = NS.MUC;
export const MUC_USER = NS.MUC_USER;
export const MUC_ADMIN = NS.MUC_ADMIN;
export const MUC_OWNER = NS.MUC_OWNER;
/** XEP-0045 §15.5.3 / §15.5.4: FORM_TYPE of the room configuration and room information forms. */
export const ROOMCONFIG = "http://jabber.org/protocol/muc#roomconfig";
export const ROOMINFO = "http://jabber.org/protocol/muc#roominfo";
/** XEP-0045 §6.2: the service stamps XEP-0359 stanza-ids on groupchat messages. */
export const MUC_STABLE_ID = "http://jabber.org/protocol/muc#stable_id";
export const OCCUPANT_ID = "urn:xmpp:occupant-id:0"; // XEP-0421
export const SELF_PING = "http://jabber.org/protocol/muc#self-ping-optimization"; // XEP-0410 §4
export const { DATA_FORMS, DELAY, DISCO_INFO, DISCO_ITEMS, FORWARD, MAM, PING, RSM, SID, STANZAS } =
  NS;

/** XEP-0045 §15.6.2 status codes used here. */
export const STATUS = {
  NON_ANONYMOUS: "100",
  CONFIG_CHANGED: "104",
  SELF: "110",
  NOW_NON_ANONYMOUS: "172",
  NOW_SEMI_ANONYMOUS: "173",
  CREATED: "201",
  NICK_CHANGED: "303",
  BANNED: "301",
  KICKED: "307",
  AFFILIATION_CHANGED: "321",
  MEMBERS_ONLY: "322",
  /** XEP-0410 §5: removed because of a technical problem (the client sent an error). */
  ERROR: "333",
} as const;
