// Shared set-up of the scenario tests: a real server with mod-smacks, stopped after each test
// even when it fails, and small client steps (enable, resume).
import type { Session } from "@parley/server";
import { type TestClient, type TestServer, startTestServer } from "@parley/server/testing";
import { MemoryStorage, type Storage } from "@parley/storage";
import type { Element } from "@parley/xml";
import { afterEach } from "vitest";
import { smacksModule } from "../src/index";
import type { SmState } from "../src/state";
import { STATE_KEY } from "../src/state";

export const SM = "urn:xmpp:sm:3";
export const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
export const STREAMS = "urn:ietf:params:xml:ns:xmpp-streams";
export const DELAY = "urn:xmpp:delay";

const running: TestServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
});

/** MemoryStorage that stays readable after the server stopped (shutdown tests). */
export class KeptStorage extends MemoryStorage {
  override async close(): Promise<void> {}
}

export async function server(
  config: Record<string, unknown> = {},
  options: { storage?: Storage; extra?: Parameters<typeof startTestServer>[0] } = {},
): Promise<TestServer> {
  const t = await startTestServer({
    extraModules: [smacksModule],
    moduleConfig: { smacks: config },
    ...(options.storage ? { storage: options.storage } : {}),
    ...options.extra,
  });
  running.push(t);
  return t;
}

/** `<enable/>` → `<enabled/>`; returns the resumption id (when asked for). */
export async function enable(c: TestClient, resume = true): Promise<string | undefined> {
  c.send(resume ? `<enable xmlns="${SM}" resume="true"/>` : `<enable xmlns="${SM}"/>`);
  const el = await c.expect((e) => e.ns === SM && e.localName === "enabled");
  return el.attr("id");
}

/** Logs in (and binds) with stream management enabled. */
export async function smLogin(
  t: TestServer,
  user: string,
  resource: string,
  resume = true,
): Promise<{ client: TestClient; id: string | undefined }> {
  const client = await t.login(user, { resource });
  const id = await enable(client, resume);
  return { client, id };
}

/** A new connection, authenticated but not bound (ready for `<resume/>`). */
export async function authenticated(t: TestServer, user: string): Promise<TestClient> {
  await t.addUser(user);
  const c = await t.connect();
  await c.openStream();
  await c.authenticate(user, "password");
  return c;
}

/** Stanzas (not nonzas) received so far: what the client's 'h' counts. */
export function stanzaCount(c: TestClient): number {
  return c.received.filter(
    (e) => e.ns === "jabber:client" && ["message", "presence", "iq"].includes(e.localName),
  ).length;
}

export function smState(t: TestServer, full: string): SmState {
  const s = t.server.sessions().find((x: Session) => x.jid?.toString() === full);
  const state = s?.data.get(STATE_KEY) as SmState | undefined;
  if (!state) throw new Error(`no stream management state for ${full}`);
  return state;
}

/** `<r/>` → `<a/>` round trip: every nonza and stanza sent before has been handled. */
export async function askAck(c: TestClient): Promise<number> {
  c.send(`<r xmlns="${SM}"/>`);
  const a = await c.expect((e) => e.ns === SM && e.localName === "a");
  return Number(a.attr("h"));
}

export function chat(to: string, body: string, id = body): string {
  return `<message type="chat" to="${to}" id="${id}"><body>${body}</body></message>`;
}

export function bodyOf(el: Element): string | undefined {
  return el.getChildText("body");
}
