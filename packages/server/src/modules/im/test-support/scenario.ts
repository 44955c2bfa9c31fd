// Scenario-test set-up: a real server with the IM modules, stopped after each test even when the
// test fails, and clients that log in, fetch the roster and send initial presence.
import { afterEach } from "vitest";
import {
  type TestClient,
  type TestServer,
  type TestServerOptions,
  startTestServer,
} from "../../../testing";
import { imModules } from "../index";

export const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
const running: TestServer[] = [];

/** Call once at the top of a scenario test file. */
export function stopServersAfterEach(): void {
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });
}

export async function imServer(options: TestServerOptions = {}): Promise<TestServer> {
  const t = await startTestServer({ modules: imModules, ...options });
  running.push(t);
  return t;
}

/** Logs in, asks for the roster (an interested resource) and, unless `presence` is null, sends it. */
export async function online(
  t: TestServer,
  local: string,
  resource: string,
  presence: string | null = "<presence/>",
): Promise<TestClient> {
  const c = await t.login(local, { resource });
  await c.iq(`<iq type="get"><query xmlns="jabber:iq:roster"/></iq>`);
  if (presence !== null) {
    c.send(presence);
    // RFC 6121 §4.2.2: the server echoes the presence to the resource that sent it.
    const full = `${local}@${t.domain}/${resource}`;
    await c.expect(
      (e) => e.localName === "presence" && e.attr("from") === full && e.attr("to") === full,
    );
  }
  return c;
}

/** Makes two local accounts mutual contacts (subscription both) directly in storage. */
export async function befriend(t: TestServer, a: string, b: string): Promise<void> {
  const ja = `${a}@${t.domain}`;
  const jb = `${b}@${t.domain}`;
  await t.addUser(a);
  await t.addUser(b);
  await t.storage.roster.setItem(ja, { jid: jb, subscription: "both", groups: [] });
  await t.storage.roster.setItem(jb, { jid: ja, subscription: "both", groups: [] });
}
