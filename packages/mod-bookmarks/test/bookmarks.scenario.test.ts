// Scenario tests over real sockets: XEP-0402 bookmarks and the XEP-0048/0049 bridge both ways.
import { capsString, pepModule } from "@parley/mod-pep";
import { type TestClient, type TestServer, startTestServer } from "@parley/server/testing";
import { xml } from "@parley/xml";
import { afterEach, describe, expect, it } from "vitest";
import { bookmarksModule } from "../src/index";

const PUBSUB = "http://jabber.org/protocol/pubsub";
const EVENT = "http://jabber.org/protocol/pubsub#event";
const INFO = "http://jabber.org/protocol/disco#info";
const B = "urn:xmpp:bookmarks:1";
const running: TestServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
});

async function server(): Promise<TestServer> {
  const t = await startTestServer({ extraModules: [pepModule, bookmarksModule] });
  running.push(t);
  return t;
}

let n = 0;
/** Logs in with caps showing `<node>+notify` for each node, answering the server's disco query. */
async function online(
  t: TestServer,
  user: string,
  resource: string,
  notify: string[],
): Promise<TestClient> {
  const c = await t.login(user, { resource });
  const node = `https://test.example/bm-${++n}`;
  const query = xml(
    "query",
    { xmlns: INFO },
    xml("identity", { category: "client", type: "pc" }),
    notify.map((f) => xml("feature", { var: `${f}+notify` })),
  );
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(capsString(query)));
  const ver = Buffer.from(digest).toString("base64");
  c.send(
    `<presence><c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="${node}" ver="${ver}"/></presence>`,
  );
  const ask = await c.expect(
    (e) => e.localName === "iq" && e.getChild("query", INFO) !== undefined,
  );
  query.setAttr("node", `${node}#${ver}`);
  c.send(
    xml(
      "iq",
      { xmlns: "jabber:client", type: "result", id: ask.attr("id")!, to: ask.attr("from")! },
      query,
    ),
  );
  await c.sync();
  return c;
}

const publish0402 = (jid: string, inner: string) =>
  `<iq type="set"><pubsub xmlns="${PUBSUB}"><publish node="${B}"><item id="${jid}">${inner}</item></publish><publish-options><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>${PUBSUB}#publish-options</value></field><field var="pubsub#persist_items"><value>true</value></field><field var="pubsub#max_items"><value>max</value></field><field var="pubsub#send_last_published_item"><value>never</value></field><field var="pubsub#access_model"><value>whitelist</value></field></x></publish-options></pubsub></iq>`;

const privateGet = `<iq type="get"><query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks"/></query></iq>`;
const privateSet = (inner: string) =>
  `<iq type="set"><query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks">${inner}</storage></query></iq>`;
const items0402 = `<iq type="get"><pubsub xmlns="${PUBSUB}"><items node="${B}"/></pubsub></iq>`;

describe("XEP-0402 with the XEP-0048/0049 bridge", () => {
  it("advertises urn:xmpp:bookmarks:1#compat on the account", async () => {
    const t = await server();
    const c = await t.login("juliet");
    const info = await c.iq(`<iq type="get"><query xmlns="${INFO}"/></iq>`);
    const features = info
      .getChild("query", INFO)!
      .getChildren("feature")
      .map((f) => f.attr("var"));
    expect(features).toContain(`${B}#compat`);
    expect(features).toContain(`${B}#compat-pep`);
  });

  it("0402 → 0048: a private-storage read shows the rooms published with XEP-0402", async () => {
    const t = await server();
    const modern = await online(t, "juliet", "modern", [B]);
    const r = await modern.iq(
      publish0402(
        "orchard@conference.localhost",
        `<conference xmlns="${B}" name="The Orchard" autojoin="true"><nick>JC</nick><extensions><x xmlns="urn:example"/></extensions></conference>`,
      ),
    );
    expect(r.attr("type")).toBe("result");
    await modern.expect((e) => e.getChild("event", EVENT) !== undefined);
    const legacy = await t.login("juliet", { resource: "legacy" });
    const got = await legacy.iq(privateGet);
    expect(got.getChild("query", "jabber:iq:private")?.toString()).toBe(
      `<query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks"><conference jid="orchard@conference.localhost" name="The Orchard" autojoin="true"><nick>JC</nick></conference></storage></query>`,
    );
  });

  it("0048 → 0402: a private-storage write publishes, changes and retracts XEP-0402 items with notifications", async () => {
    const t = await server();
    const modern = await online(t, "juliet", "modern", [B]);
    const legacy = await t.login("juliet", { resource: "legacy" });
    const set1 = await legacy.iq(
      privateSet(
        `<conference jid="a@conference.localhost" name="A" autojoin="1"><nick>J</nick><password>pw</password></conference><conference jid="b@conference.localhost"/><url name="site" url="https://example.org"/>`,
      ),
    );
    expect(set1.attr("type")).toBe("result");
    await modern.expect(
      `<message from="juliet@localhost" to="juliet@localhost/modern" type="headline" id="*"><event xmlns="${EVENT}"><items node="${B}"><item id="a@conference.localhost"><conference xmlns="${B}" name="A" autojoin="true"><nick>J</nick><password>pw</password></conference></item></items></event></message>`,
    );
    await modern.expect(
      `<message from="juliet@localhost" to="juliet@localhost/modern" type="headline" id="*"><event xmlns="${EVENT}"><items node="${B}"><item id="b@conference.localhost"><conference xmlns="${B}"/></item></items></event></message>`,
    );
    const items = await modern.iq(items0402);
    expect(
      items
        .getChild("pubsub", PUBSUB)!
        .getChild("items", PUBSUB)!
        .getChildren("item")
        .map((i) => i.attr("id")),
    ).toEqual(["a@conference.localhost", "b@conference.localhost"]);
    // Second write: a is unchanged (no notification), b removed → retract, c added.
    await legacy.iq(
      privateSet(
        `<conference jid="a@conference.localhost" name="A" autojoin="true"><nick>J</nick><password>pw</password></conference><conference jid="c@conference.localhost" name="C"/>`,
      ),
    );
    await modern.expect(
      `<message from="juliet@localhost" to="juliet@localhost/modern" type="headline" id="*"><event xmlns="${EVENT}"><items node="${B}"><item id="c@conference.localhost"><conference xmlns="${B}" name="C"/></item></items></event></message>`,
    );
    await modern.expect(
      `<message from="juliet@localhost" to="juliet@localhost/modern" type="headline" id="*"><event xmlns="${EVENT}"><items node="${B}"><retract id="b@conference.localhost"/></items></event></message>`,
    );
    await modern.sync();
    expect(modern.unclaimed.filter((e) => e.localName === "message")).toEqual([]);
    // The private read merges the rooms with the URLs the legacy client stored.
    const got = await legacy.iq(privateGet);
    expect(got.getChild("query", "jabber:iq:private")?.toString()).toBe(
      `<query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks"><conference jid="a@conference.localhost" name="A" autojoin="true"><nick>J</nick><password>pw</password></conference><conference jid="c@conference.localhost" name="C"/></storage></query>`,
    );
  });

  it("without XEP-0402 data, private storage answers as before; other namespaces are untouched", async () => {
    const t = await server();
    const c = await t.login("juliet");
    const empty = await c.iq(privateGet);
    expect(empty.getChild("query", "jabber:iq:private")?.toString()).toBe(
      `<query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks"/></query>`,
    );
    await c.iq(
      `<iq type="set"><query xmlns="jabber:iq:private"><prefs xmlns="urn:example:prefs"><a/></prefs></query></iq>`,
    );
    const prefs = await c.iq(
      `<iq type="get"><query xmlns="jabber:iq:private"><prefs xmlns="urn:example:prefs"/></query></iq>`,
    );
    expect(prefs.toString()).toContain(`<prefs xmlns="urn:example:prefs"><a/></prefs>`);
    // Someone else's private storage stays forbidden (an account that exists: RFC 6121 §8.5.1
    // makes an iq to a missing one service-unavailable).
    await t.addUser("romeo");
    const other = await c.iq(
      `<iq type="get" to="romeo@localhost"><query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks"/></query></iq>`,
    );
    expect(other.getChild("error")?.getChild("forbidden")).toBeDefined();
  });

  it("legacy PEP node storage:bookmarks ↔ XEP-0402", async () => {
    const t = await server();
    const modern = await online(t, "juliet", "modern", [B, "storage:bookmarks"]);
    // A legacy PEP client publishes the whole storage as one item.
    const r = await modern.iq(
      `<iq type="set"><pubsub xmlns="${PUBSUB}"><publish node="storage:bookmarks"><item id="current"><storage xmlns="storage:bookmarks"><conference jid="x@conference.localhost" autojoin="true"/></storage></item></publish></pubsub></iq>`,
    );
    expect(r.attr("type")).toBe("result");
    await modern.expect(
      `<message from="juliet@localhost" to="juliet@localhost/modern" type="headline" id="*"><event xmlns="${EVENT}"><items node="${B}"><item id="x@conference.localhost"><conference xmlns="${B}" autojoin="true"/></item></items></event></message>`,
    );
    // A XEP-0402 change is mirrored into the legacy node.
    await modern.iq(publish0402("y@conference.localhost", `<conference xmlns="${B}" name="Y"/>`));
    await modern.expect(
      `<message from="juliet@localhost" to="juliet@localhost/modern" type="headline" id="*"><event xmlns="${EVENT}"><items node="storage:bookmarks"><item id="current"><storage xmlns="storage:bookmarks"><conference jid="x@conference.localhost" autojoin="true"/><conference jid="y@conference.localhost" name="Y"/></storage></item></items></event></message>`,
    );
  });

  it("bookmarks are whitelist: a contact cannot read them", async () => {
    const t = await server();
    const juliet = await t.login("juliet");
    const romeo = await t.login("romeo");
    await t.storage.roster.setItem("juliet@localhost", {
      jid: "romeo@localhost",
      subscription: "both",
      groups: [],
    });
    await juliet.iq(privateSet(`<conference jid="a@conference.localhost"/>`));
    const r = await romeo.iq(
      `<iq type="get" to="juliet@localhost"><pubsub xmlns="${PUBSUB}"><items node="${B}"/></pubsub></iq>`,
    );
    expect(r.getChild("error")?.getChild("not-allowed")).toBeDefined();
  });
});
