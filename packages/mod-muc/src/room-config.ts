// Room configuration (XEP-0045 §10.2) and its muc#roomconfig form (§15.5.3 field registry).
import { StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { type FormField, buildForm, parseBoolean, readForm } from "./forms";
import { ROOMCONFIG } from "./ns";

export interface RoomConfig {
  name: string;
  description: string;
  persistent: boolean;
  public: boolean;
  membersOnly: boolean;
  moderated: boolean;
  passwordProtected: boolean;
  password: string;
  /** 0 = no limit. */
  maxUsers: number;
  /** "moderators": semi-anonymous (§4.2); "anyone": non-anonymous. */
  whois: "moderators" | "anyone";
  /** Occupants (not only moderators) may invite (§7.8.2). */
  allowInvites: boolean;
  /** Participants (not only moderators) may change the subject (§8.1). */
  changeSubject: boolean;
  /** History messages sent on join (muc#maxhistoryfetch). */
  historyLength: number;
}

export function defaultRoomConfig(historyLength: number): RoomConfig {
  return {
    name: "",
    description: "",
    persistent: false,
    public: true,
    membersOnly: false,
    moderated: false,
    passwordProtected: false,
    password: "",
    maxUsers: 0,
    whois: "moderators",
    allowInvites: false,
    changeSubject: false,
    historyLength,
  };
}

const MAX_USERS = ["10", "20", "30", "50", "100", "none"];
const bool = (v: boolean) => (v ? "1" : "0");

/** §10.2: the form an owner gets to fill in. */
export function configForm(config: RoomConfig, roomJid: string): Element {
  const fields: FormField[] = [
    {
      var: "muc#roomconfig_roomname",
      type: "text-single",
      label: "Room name",
      values: [config.name],
    },
    {
      var: "muc#roomconfig_roomdesc",
      type: "text-single",
      label: "Description",
      values: [config.description],
    },
    {
      var: "muc#roomconfig_persistentroom",
      type: "boolean",
      label: "Persistent",
      values: [bool(config.persistent)],
    },
    {
      var: "muc#roomconfig_publicroom",
      type: "boolean",
      label: "Listed in the directory",
      values: [bool(config.public)],
    },
    {
      var: "muc#roomconfig_membersonly",
      type: "boolean",
      label: "Members only",
      values: [bool(config.membersOnly)],
    },
    {
      var: "muc#roomconfig_moderatedroom",
      type: "boolean",
      label: "Moderated",
      values: [bool(config.moderated)],
    },
    {
      var: "muc#roomconfig_passwordprotectedroom",
      type: "boolean",
      label: "Password required",
      values: [bool(config.passwordProtected)],
    },
    {
      var: "muc#roomconfig_roomsecret",
      type: "text-private",
      label: "Password",
      values: [config.password],
    },
    {
      var: "muc#roomconfig_maxusers",
      type: "list-single",
      label: "Maximum occupants",
      values: [config.maxUsers === 0 ? "none" : String(config.maxUsers)],
      options: MAX_USERS.map((value) => ({ value })),
    },
    {
      var: "muc#roomconfig_whois",
      type: "list-single",
      label: "Who may discover real JIDs",
      values: [config.whois],
      options: [
        { label: "Moderators only", value: "moderators" },
        { label: "Anyone", value: "anyone" },
      ],
    },
    {
      var: "muc#roomconfig_allowinvites",
      type: "boolean",
      label: "Occupants may invite",
      values: [bool(config.allowInvites)],
    },
    {
      var: "muc#roomconfig_changesubject",
      type: "boolean",
      label: "Participants may change the subject",
      values: [bool(config.changeSubject)],
    },
    {
      var: "muc#maxhistoryfetch",
      type: "text-single",
      label: "History messages sent on join",
      values: [String(config.historyLength)],
    },
  ];
  return buildForm("form", ROOMCONFIG, fields, `Configuration of ${roomJid}`);
}

const bad = (text: string) => new StanzaError("bad-request", { text, lang: "en" });
const notAcceptable = (text: string) => new StanzaError("not-acceptable", { text, lang: "en" });

/**
 * Applies a submitted form to `current` (fields left out keep their value, XEP-0004 §3.2).
 * Throws bad-request for a malformed value and not-acceptable for a value out of bounds.
 */
export function applyConfigForm(
  current: RoomConfig,
  form: Element,
  maxHistory: number,
): RoomConfig {
  const values = readForm(form);
  const formType = values.get("FORM_TYPE")?.[0];
  if (formType !== undefined && formType !== ROOMCONFIG) throw bad(`unknown FORM_TYPE ${formType}`);
  const next = { ...current };
  const one = (name: string): string | undefined => values.get(name)?.[0];
  const flag = (name: string, set: (v: boolean) => void) => {
    const raw = one(name);
    if (raw === undefined) return;
    const v = parseBoolean(raw);
    if (v === undefined) throw bad(`${name}: not a boolean`);
    set(v);
  };
  const text = (name: string, set: (v: string) => void) => {
    const raw = values.get(name);
    if (raw !== undefined) set(raw.join("\n"));
  };
  text("muc#roomconfig_roomname", (v) => (next.name = v));
  text("muc#roomconfig_roomdesc", (v) => (next.description = v));
  flag("muc#roomconfig_persistentroom", (v) => (next.persistent = v));
  flag("muc#roomconfig_publicroom", (v) => (next.public = v));
  flag("muc#roomconfig_membersonly", (v) => (next.membersOnly = v));
  flag("muc#roomconfig_moderatedroom", (v) => (next.moderated = v));
  flag("muc#roomconfig_passwordprotectedroom", (v) => (next.passwordProtected = v));
  text("muc#roomconfig_roomsecret", (v) => (next.password = v));
  flag("muc#roomconfig_allowinvites", (v) => (next.allowInvites = v));
  flag("muc#roomconfig_changesubject", (v) => (next.changeSubject = v));
  const maxUsers = one("muc#roomconfig_maxusers");
  if (maxUsers !== undefined) {
    if (maxUsers === "none" || maxUsers === "" || maxUsers === "0") next.maxUsers = 0;
    else if (/^[1-9][0-9]{0,6}$/.test(maxUsers)) next.maxUsers = Number(maxUsers);
    else throw bad("muc#roomconfig_maxusers: not a number");
  }
  const whois = one("muc#roomconfig_whois");
  if (whois !== undefined) {
    if (whois !== "moderators" && whois !== "anyone")
      throw bad("muc#roomconfig_whois: moderators or anyone");
    next.whois = whois;
  }
  const history = one("muc#maxhistoryfetch");
  if (history !== undefined) {
    if (!/^[0-9]{1,7}$/.test(history)) throw bad("muc#maxhistoryfetch: not a number");
    if (Number(history) > maxHistory)
      throw notAcceptable(`muc#maxhistoryfetch: at most ${maxHistory}`);
    next.historyLength = Number(history);
  }
  // §10.2: a password-protected room needs a password.
  if (next.passwordProtected && next.password === "") {
    throw notAcceptable("a password-protected room needs muc#roomconfig_roomsecret");
  }
  return next;
}

/** Reads a stored config, filling in fields that older records lack. */
export function restoreConfig(stored: unknown, historyLength: number): RoomConfig {
  const base = defaultRoomConfig(historyLength);
  if (!stored || typeof stored !== "object") return base;
  const out = { ...base };
  for (const key of Object.keys(base) as (keyof RoomConfig)[]) {
    const v = (stored as Record<string, unknown>)[key];
    if (typeof v === typeof base[key]) (out as Record<string, unknown>)[key] = v;
  }
  if (out.whois !== "anyone") out.whois = "moderators";
  return out;
}
