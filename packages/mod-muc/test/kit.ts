// Scenario-test kit: a server with the MUC module, logged-in clients, and readers for the
// stanzas a room sends (so that tests assert what matters and say what arrived instead).
import type { TestClient, TestServer, TestServerOptions } from "@parley/server/testing";
import { startTestServer } from "@parley/server/testing";
import type { Element } from "@parley/xml";
import { afterEach } from "vitest";
import { mucModule } from "../src/index";

export const MUC = "http://jabber.org/protocol/muc";
export const MUC_USER = "http://jabber.org/protocol/muc#user";
export const MUC_ADMIN = "http://jabber.org/protocol/muc#admin";
export const MUC_OWNER = "http://jabber.org/protocol/muc#owner";
export const DATA = "jabber:x:data";
export const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
export const OCCUPANT_ID = "urn:xmpp:occupant-id:0";
export const SERVICE = "conference.localhost";

const running: TestServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
});

export async function mucServer(
  options: TestServerOptions & { muc?: Record<string, unknown> } = {},
): Promise<TestServer> {
  const { muc, ...rest } = options;
  const t = await startTestServer({
    extraModules: [mucModule],
    moduleConfig: { muc: muc ?? {} },
    ...rest,
  });
  running.push(t);
  return t;
}

/** Logs in each user as `<name>@localhost/r`. */
export function users<const N extends readonly string[]>(
  t: TestServer,
  ...names: N
): Promise<{ -readonly [K in keyof N]: TestClient }> {
  return Promise.all(names.map((n) => t.login(n, { resource: "r" }))) as Promise<{
    -readonly [K in keyof N]: TestClient;
  }>;
}

export const roomJid = (room: string) => `${room}@${SERVICE}`;

export interface MucPresence {
  from: string;
  type: string | undefined;
  affiliation: string | undefined;
  role: string | undefined;
  jid: string | undefined;
  nick: string | undefined;
  statuses: string[];
  occupantId: string | undefined;
  el: Element;
}

export function readPresence(el: Element): MucPresence {
  const x = el.getChild("x", MUC_USER);
  const item = x?.getChild("item", MUC_USER);
  return {
    from: el.attr("from") ?? "",
    type: el.attr("type"),
    affiliation: item?.attr("affiliation"),
    role: item?.attr("role"),
    jid: item?.attr("jid"),
    nick: item?.attr("nick"),
    statuses: (x?.getChildren("status", MUC_USER) ?? []).map((s) => s.attr("code") ?? ""),
    occupantId: el.getChild("occupant-id", OCCUPANT_ID)?.attr("id"),
    el,
  };
}

/** The next presence from that occupant JID (of that type: "available" = no type). */
export async function presenceFrom(
  c: TestClient,
  from: string,
  type = "available",
): Promise<MucPresence> {
  const el = await c.expect(
    (e) =>
      e.localName === "presence" &&
      e.attr("from") === from &&
      (e.attr("type") ?? "available") === type,
  );
  return readPresence(el);
}

/** The error condition of an error stanza. */
export function condition(el: Element): string | undefined {
  return el
    .getChild("error")
    ?.elements()
    .find((c) => c.ns === STANZAS && c.localName !== "text")?.localName;
}

export async function errorFrom(
  c: TestClient,
  kind: string,
  from: string,
): Promise<string | undefined> {
  const el = await c.expect(
    (e) => e.localName === kind && e.attr("from") === from && e.attr("type") === "error",
  );
  return condition(el);
}

/** Sends join presence and waits for the self-presence and the subject (§7.2.16). */
export async function join(
  c: TestClient,
  room: string,
  nick: string,
  extra = "",
): Promise<MucPresence> {
  c.send(`<presence to="${roomJid(room)}/${nick}"><x xmlns="${MUC}">${extra}</x></presence>`);
  const self = await c.expect(
    (e) =>
      e.localName === "presence" &&
      e.attr("from") === `${roomJid(room)}/${nick}` &&
      e
        .getChild("x", MUC_USER)
        ?.getChildren("status", MUC_USER)
        .some((s) => s.attr("code") === "110") === true,
  );
  await c.expect(
    (e) =>
      e.localName === "message" &&
      e.getChild("subject") !== undefined &&
      e.getChild("body") === undefined,
  );
  return readPresence(self);
}

/** Creates a room (locked, §10.1.1) and configures it with `fields` (none = instant room). */
export async function createRoom(
  c: TestClient,
  room: string,
  nick: string,
  fields: Record<string, string> = {},
): Promise<void> {
  const self = await join(c, room, nick);
  if (!self.statuses.includes("201")) throw new Error(`room ${room} existed already`);
  await configure(c, room, fields);
}

export async function configure(
  c: TestClient,
  room: string,
  fields: Record<string, string>,
): Promise<Element> {
  const xfields = Object.entries(fields)
    .map(([k, v]) => `<field var="${k}"><value>${v}</value></field>`)
    .join("");
  const reply = await c.iq(
    `<iq type="set" to="${roomJid(room)}"><query xmlns="${MUC_OWNER}"><x xmlns="${DATA}" type="submit">${xfields}</x></query></iq>`,
  );
  if (reply.attr("type") !== "result") throw new Error(`configuration failed: ${reply.toString()}`);
  return reply;
}

/** A muc#admin set; returns the reply (result or error). */
export function admin(c: TestClient, room: string, items: string): Promise<Element> {
  return c.iq(
    `<iq type="set" to="${roomJid(room)}"><query xmlns="${MUC_ADMIN}">${items}</query></iq>`,
  );
}

export function groupchat(c: TestClient, room: string, body: string, id = "g1"): void {
  c.send(
    `<message to="${roomJid(room)}" type="groupchat" id="${id}"><body>${body}</body></message>`,
  );
}

/** The next groupchat message with that body. */
export function messageWith(c: TestClient, body: string): Promise<Element> {
  return c.expect((e) => e.localName === "message" && e.getChildText("body") === body);
}
