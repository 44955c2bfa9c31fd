// Scenario helpers: a server with mod-pep, contacts, and clients that advertise XEP-0115 caps
// and answer the server's disco#info query about them.
import type { ModuleDefinition } from "@parley/server";
import { type TestClient, type TestServer, startTestServer } from "@parley/server/testing";
import { type Element, xml } from "@parley/xml";
import { capsString } from "../src/caps";
import { pepModule } from "../src/index";

export const PUBSUB = "http://jabber.org/protocol/pubsub";
export const EVENT = "http://jabber.org/protocol/pubsub#event";
export const OWNER = "http://jabber.org/protocol/pubsub#owner";
export const ERRORS = "http://jabber.org/protocol/pubsub#errors";
export const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
export const INFO = "http://jabber.org/protocol/disco#info";
export const CAPS = "http://jabber.org/protocol/caps";

const running: TestServer[] = [];

export async function startPep(
  config: Record<string, unknown> = {},
  more: readonly ModuleDefinition[] = [],
  moduleConfig: Record<string, Record<string, unknown>> = {},
): Promise<TestServer> {
  const t = await startTestServer({
    extraModules: [pepModule, ...more],
    moduleConfig: { pep: config, ...moduleConfig },
  });
  running.push(t);
  return t;
}

export async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((t) => t.stop()));
}

/** Mutual presence subscription ("both") between two accounts, written into storage. */
export async function befriend(
  t: TestServer,
  a: string,
  b: string,
  groups: string[] = [],
): Promise<void> {
  const ja = await t.addUser(a);
  const jb = await t.addUser(b);
  await t.storage.roster.setItem(ja, { jid: jb, subscription: "both", groups });
  await t.storage.roster.setItem(jb, { jid: ja, subscription: "both", groups });
}

async function sha1(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Buffer.from(digest).toString("base64");
}

let capsCounter = 0;

/**
 * Logs in and sends available presence with caps whose features include `<node>+notify` for
 * each of `notify`; answers the server's disco#info query. Returns the client.
 */
export async function online(
  t: TestServer,
  user: string,
  options: { resource?: string; notify?: readonly string[]; presence?: boolean } = {},
): Promise<TestClient> {
  const c = await t.login(user, { resource: options.resource ?? "res" });
  if (options.presence === false) return c;
  await announce(c, options.notify ?? []);
  return c;
}

/** Sends presence with caps for `notify` and answers the disco#info query that follows. */
export async function announce(c: TestClient, notify: readonly string[]): Promise<void> {
  const capsNode = `https://test.example/client-${++capsCounter}`;
  const query = xml(
    "query",
    { xmlns: INFO },
    xml("identity", { category: "client", type: "pc", name: "Test" }),
    [INFO, CAPS, ...notify.map((n) => `${n}+notify`)].sort().map((f) => xml("feature", { var: f })),
  );
  const ver = await sha1(capsString(query));
  c.send(`<presence><c xmlns="${CAPS}" hash="sha-1" node="${capsNode}" ver="${ver}"/></presence>`);
  const ask = await c.expect(
    (e) => e.localName === "iq" && e.getChild("query", INFO) !== undefined,
  );
  expectNode(ask, `${capsNode}#${ver}`);
  query.setAttr("node", `${capsNode}#${ver}`);
  c.send(
    xml(
      "iq",
      { xmlns: "jabber:client", type: "result", id: ask.attr("id")!, to: ask.attr("from")! },
      query,
    ),
  );
  await c.sync();
}

function expectNode(iq: Element, node: string): void {
  const got = iq.getChild("query", INFO)?.attr("node");
  if (got !== node) throw new Error(`disco#info node ${got}, want ${node}`);
}

/** `<iq type=set><pubsub><publish node><item id>payload</item></publish>[options]</pubsub></iq>` */
export function publishIq(
  node: string,
  id: string | undefined,
  payload: string,
  options?: Record<string, string>,
  to?: string,
): string {
  const opts = options
    ? `<publish-options><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>${PUBSUB}#publish-options</value></field>${Object.entries(
        options,
      )
        .map(([k, v]) => `<field var="${k}"><value>${v}</value></field>`)
        .join("")}</x></publish-options>`
    : "";
  const item = id === undefined ? `<item>${payload}</item>` : `<item id="${id}">${payload}</item>`;
  return `<iq type="set"${to ? ` to="${to}"` : ""}><pubsub xmlns="${PUBSUB}"><publish node="${node}">${item}</publish>${opts}</pubsub></iq>`;
}

export function itemsIq(to: string, node: string, attrs = "", children = ""): string {
  return `<iq type="get" to="${to}"><pubsub xmlns="${PUBSUB}"><items node="${node}"${attrs}>${children}</items></pubsub></iq>`;
}

/** The error condition and pubsub condition of an iq error reply. */
export function errorOf(reply: Element): {
  type?: string;
  condition?: string;
  pubsub?: string;
  feature?: string;
} {
  const error = reply.getChild("error");
  const condition = error?.elements().find((e) => e.ns === STANZAS && e.localName !== "text");
  const app = error?.elements().find((e) => e.ns === ERRORS);
  return {
    type: error?.attr("type"),
    condition: condition?.localName,
    pubsub: app?.localName,
    feature: app?.attr("feature"),
  };
}

/** Item ids of an items result or of a notification. */
export function itemIds(el: Element): string[] {
  const items =
    el.getChild("pubsub", PUBSUB)?.getChild("items", PUBSUB) ??
    el.getChild("event", EVENT)?.getChild("items", EVENT);
  return items?.getChildren("item").map((i) => i.attr("id") ?? "") ?? [];
}

/** Matches a PEP notification of `node` from `owner`. */
export function isEvent(owner: string, node: string) {
  return (e: Element) =>
    e.localName === "message" &&
    e.attr("from") === owner &&
    e.getChild("event", EVENT)?.elements()[0]?.attr("node") === node;
}
