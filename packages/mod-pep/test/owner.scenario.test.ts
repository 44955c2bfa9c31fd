// Scenario tests: publish-options, access models open/whitelist/roster, node configuration,
// deletion, purge, explicit subscriptions, account disco, avatars → vcard-temp:x:update, bad input.
import { afterEach, describe, expect, it } from "vitest";
import {
  EVENT,
  INFO,
  OWNER,
  PUBSUB,
  befriend,
  errorOf,
  isEvent,
  itemIds,
  itemsIq,
  online,
  publishIq,
  startPep,
  stopAll,
} from "./support";

afterEach(stopAll);

const DEVICELIST = "eu.siacs.conversations.axolotl.devicelist";
const devices = `<list xmlns="eu.siacs.conversations.axolotl"><device id="42"/></list>`;

describe("publish-options (XEP-0060 §7.1.5) and access models (§4.5)", () => {
  it("OMEMO: a devicelist published with access_model=open is readable by a non-contact", async () => {
    const t = await startPep();
    const juliet = await online(t, "juliet");
    const stranger = await online(t, "iago");
    const r = await juliet.iq(
      publishIq(DEVICELIST, "current", devices, { "pubsub#access_model": "open" }),
    );
    expect(r.attr("type")).toBe("result");
    const got = await stranger.iq(itemsIq("juliet@localhost", DEVICELIST));
    expect(got.attr("type")).toBe("result");
    expect(got.toString()).toContain(`<item id="current">${devices}</item>`);
    // A bundle node, also open.
    const bundle = `<bundle xmlns="eu.siacs.conversations.axolotl"><signedPreKeyPublic signedPreKeyId="1">AAAA</signedPreKeyPublic></bundle>`;
    await juliet.iq(
      publishIq(`eu.siacs.conversations.axolotl.bundles:42`, "current", bundle, {
        "pubsub#access_model": "open",
      }),
    );
    expect(
      itemIds(
        await stranger.iq(itemsIq("juliet@localhost", "eu.siacs.conversations.axolotl.bundles:42")),
      ),
    ).toEqual(["current"]);
  });

  it("a precondition that does not hold: conflict / precondition-not-met, nothing published", async () => {
    const t = await startPep();
    const juliet = await online(t, "juliet");
    await juliet.iq(publishIq(DEVICELIST, "current", devices, { "pubsub#access_model": "open" }));
    const bad = await juliet.iq(
      publishIq(DEVICELIST, "other", devices, { "pubsub#access_model": "whitelist" }),
    );
    expect(errorOf(bad)).toMatchObject({
      type: "cancel",
      condition: "conflict",
      pubsub: "precondition-not-met",
    });
    const unknown = await juliet.iq(
      publishIq(DEVICELIST, "other", devices, { "pubsub#frobnicate": "1" }),
    );
    expect(errorOf(unknown)).toMatchObject({
      condition: "conflict",
      pubsub: "precondition-not-met",
    });
    // Equal values in another spelling hold ("true" = "1").
    const same = await juliet.iq(
      publishIq(DEVICELIST, "current", devices, {
        "pubsub#access_model": "open",
        "pubsub#persist_items": "true",
      }),
    );
    expect(same.attr("type")).toBe("result");
    expect(itemIds(await juliet.iq(itemsIq("juliet@localhost", DEVICELIST)))).toEqual(["current"]);
  });

  it("whitelist: a contact is refused (closed-node) until the owner makes it a member", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo");
    const juliet = await online(t, "juliet");
    const romeo = await online(t, "romeo", { notify: ["urn:x:secret"] });
    await juliet.iq(
      publishIq("urn:x:secret", "1", `<s xmlns="urn:x"/>`, { "pubsub#access_model": "whitelist" }),
    );
    await romeo.sync();
    expect(romeo.unclaimed.filter(isEvent("juliet@localhost", "urn:x:secret"))).toEqual([]);
    const denied = await romeo.iq(itemsIq("juliet@localhost", "urn:x:secret"));
    expect(errorOf(denied)).toMatchObject({
      type: "cancel",
      condition: "not-allowed",
      pubsub: "closed-node",
    });
    const set = await juliet.iq(
      `<iq type="set"><pubsub xmlns="${OWNER}"><affiliations node="urn:x:secret"><affiliation jid="romeo@localhost" affiliation="member"/></affiliations></pubsub></iq>`,
    );
    expect(set.attr("type")).toBe("result");
    const affs = await juliet.iq(
      `<iq type="get"><pubsub xmlns="${OWNER}"><affiliations node="urn:x:secret"/></pubsub></iq>`,
    );
    expect(affs.getChild("pubsub", OWNER)?.toString()).toBe(
      `<pubsub xmlns="${OWNER}"><affiliations node="urn:x:secret"><affiliation jid="juliet@localhost" affiliation="owner"/><affiliation jid="romeo@localhost" affiliation="member"/></affiliations></pubsub>`,
    );
    expect(itemIds(await romeo.iq(itemsIq("juliet@localhost", "urn:x:secret")))).toEqual(["1"]);
    await juliet.iq(publishIq("urn:x:secret", "2", `<s xmlns="urn:x"/>`));
    await romeo.expect(isEvent("juliet@localhost", "urn:x:secret"));
  });

  it("roster access: only contacts in an allowed group (not-in-roster-group)", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo", ["Family"]);
    await befriend(t, "juliet", "mercutio", ["Friends"]);
    const juliet = await online(t, "juliet");
    const romeo = await online(t, "romeo");
    const mercutio = await online(t, "mercutio");
    await juliet.iq(
      `<iq type="set"><pubsub xmlns="${PUBSUB}"><create node="urn:x:fam"/><configure><x xmlns="jabber:x:data" type="submit"><field var="pubsub#access_model"><value>roster</value></field><field var="pubsub#roster_groups_allowed"><value>Family</value></field></x></configure></pubsub></iq>`,
    );
    await juliet.iq(publishIq("urn:x:fam", "1", `<s xmlns="urn:x"/>`));
    expect(itemIds(await romeo.iq(itemsIq("juliet@localhost", "urn:x:fam")))).toEqual(["1"]);
    expect(errorOf(await mercutio.iq(itemsIq("juliet@localhost", "urn:x:fam")))).toMatchObject({
      condition: "not-authorized",
      pubsub: "not-in-roster-group",
    });
  });
});

describe("node configuration, deletion and purge (XEP-0060 §8)", () => {
  it("configure get shows the form; set changes max_items (trimming) and access_model", async () => {
    const t = await startPep();
    const juliet = await online(t, "juliet");
    const stranger = await online(t, "iago");
    for (const id of ["1", "2", "3"])
      await juliet.iq(publishIq("urn:x:c", id, `<v xmlns="urn:x"/>`, { "pubsub#max_items": "10" }));
    const form = await juliet.iq(
      `<iq type="get"><pubsub xmlns="${OWNER}"><configure node="urn:x:c"/></pubsub></iq>`,
    );
    const fields = new Map(
      form
        .getChild("pubsub", OWNER)!
        .getChild("configure", OWNER)!
        .getChild("x", "jabber:x:data")!
        .getChildren("field")
        .map((f) => [f.attr("var"), f.getChildText("value")]),
    );
    expect(fields.get("FORM_TYPE")).toBe("http://jabber.org/protocol/pubsub#node_config");
    expect(fields.get("pubsub#access_model")).toBe("presence");
    expect(fields.get("pubsub#max_items")).toBe("10");
    expect(fields.get("pubsub#send_last_published_item")).toBe("on_sub_and_presence");
    const set = await juliet.iq(
      `<iq type="set"><pubsub xmlns="${OWNER}"><configure node="urn:x:c"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/pubsub#node_config</value></field><field var="pubsub#max_items"><value>2</value></field><field var="pubsub#access_model"><value>open</value></field><field var="pubsub#title"><value>Mine</value></field></x></configure></pubsub></iq>`,
    );
    expect(set.attr("type")).toBe("result");
    expect(itemIds(await stranger.iq(itemsIq("juliet@localhost", "urn:x:c")))).toEqual(["2", "3"]);
    const bad = await juliet.iq(
      `<iq type="set"><pubsub xmlns="${OWNER}"><configure node="urn:x:c"><x xmlns="jabber:x:data" type="submit"><field var="pubsub#access_model"><value>authorize</value></field></x></configure></pubsub></iq>`,
    );
    expect(errorOf(bad).condition).toBe("not-acceptable");
    const notOwner = await stranger.iq(
      `<iq type="get" to="juliet@localhost"><pubsub xmlns="${OWNER}"><configure node="urn:x:c"/></pubsub></iq>`,
    );
    expect(errorOf(notOwner).condition).toBe("forbidden");
  });

  it("delete notifies interested contacts with <delete/> and removes the items", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo", { notify: ["urn:x:d"] });
    const juliet = await online(t, "juliet");
    await juliet.iq(publishIq("urn:x:d", "1", `<v xmlns="urn:x"/>`));
    await romeo.expect(isEvent("juliet@localhost", "urn:x:d"));
    const r = await juliet.iq(
      `<iq type="set"><pubsub xmlns="${OWNER}"><delete node="urn:x:d"/></pubsub></iq>`,
    );
    expect(r.attr("type")).toBe("result");
    await romeo.expect(
      `<message from="juliet@localhost" to="romeo@localhost/res" type="headline" id="*"><event xmlns="${EVENT}"><delete node="urn:x:d"/></event></message>`,
    );
    expect(errorOf(await juliet.iq(itemsIq("juliet@localhost", "urn:x:d"))).condition).toBe(
      "item-not-found",
    );
    expect(
      errorOf(
        await juliet.iq(
          `<iq type="set"><pubsub xmlns="${OWNER}"><delete node="urn:x:d"/></pubsub></iq>`,
        ),
      ).condition,
    ).toBe("item-not-found");
  });

  it("purge empties the node and notifies with <purge/>", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo", { notify: ["urn:x:p"] });
    const juliet = await online(t, "juliet");
    await juliet.iq(publishIq("urn:x:p", "1", `<v xmlns="urn:x"/>`));
    await romeo.expect(isEvent("juliet@localhost", "urn:x:p"));
    expect(
      (
        await juliet.iq(
          `<iq type="set"><pubsub xmlns="${OWNER}"><purge node="urn:x:p"/></pubsub></iq>`,
        )
      ).attr("type"),
    ).toBe("result");
    await romeo.expect(
      `<message from="juliet@localhost" to="romeo@localhost/res" type="headline" id="*"><event xmlns="${EVENT}"><purge node="urn:x:p"/></event></message>`,
    );
    expect(itemIds(await juliet.iq(itemsIq("juliet@localhost", "urn:x:p")))).toEqual([]);
  });

  it("persist_items=false keeps items in memory only, still retrievable", async () => {
    const t = await startPep();
    const juliet = await online(t, "juliet");
    await juliet.iq(
      publishIq("urn:x:v", "1", `<v xmlns="urn:x"/>`, { "pubsub#persist_items": "false" }),
    );
    expect(itemIds(await juliet.iq(itemsIq("juliet@localhost", "urn:x:v")))).toEqual(["1"]);
    expect(await t.storage.kv.get("pep-items", "juliet@localhost", "urn:x:v")).toBeUndefined();
    expect(await t.storage.kv.get("pep-nodes", "juliet@localhost", "urn:x:v")).toContain(
      '"persist_items":false',
    );
  });
});

describe("explicit subscriptions (XEP-0060 §6.1, §6.2)", () => {
  it("a contact subscribes, gets the last item, then notifications without caps; unsubscribes", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo");
    const juliet = await online(t, "juliet");
    const romeo = await online(t, "romeo");
    await juliet.iq(publishIq("urn:x:s", "1", `<v xmlns="urn:x"/>`));
    const sub = await romeo.iq(
      `<iq type="set" to="juliet@localhost"><pubsub xmlns="${PUBSUB}"><subscribe node="urn:x:s" jid="romeo@localhost/res"/></pubsub></iq>`,
    );
    expect(sub.getChild("pubsub", PUBSUB)?.toString()).toBe(
      `<pubsub xmlns="${PUBSUB}"><subscription node="urn:x:s" jid="romeo@localhost/res" subscription="subscribed"/></pubsub>`,
    );
    expect(itemIds(await romeo.expect(isEvent("juliet@localhost", "urn:x:s")))).toEqual(["1"]);
    await juliet.iq(publishIq("urn:x:s", "2", `<v xmlns="urn:x"/>`));
    expect(itemIds(await romeo.expect(isEvent("juliet@localhost", "urn:x:s")))).toEqual(["2"]);
    const subs = await romeo.iq(
      `<iq type="get" to="juliet@localhost"><pubsub xmlns="${PUBSUB}"><subscriptions/></pubsub></iq>`,
    );
    expect(subs.toString()).toContain(
      `<subscription node="urn:x:s" jid="romeo@localhost/res" subscription="subscribed"/>`,
    );
    const other = await romeo.iq(
      `<iq type="set" to="juliet@localhost"><pubsub xmlns="${PUBSUB}"><subscribe node="urn:x:s" jid="juliet@localhost"/></pubsub></iq>`,
    );
    expect(errorOf(other)).toMatchObject({ condition: "bad-request", pubsub: "invalid-jid" });
    const un = await romeo.iq(
      `<iq type="set" to="juliet@localhost"><pubsub xmlns="${PUBSUB}"><unsubscribe node="urn:x:s" jid="romeo@localhost/res"/></pubsub></iq>`,
    );
    expect(un.attr("type")).toBe("result");
    const again = await romeo.iq(
      `<iq type="set" to="juliet@localhost"><pubsub xmlns="${PUBSUB}"><unsubscribe node="urn:x:s" jid="romeo@localhost/res"/></pubsub></iq>`,
    );
    expect(errorOf(again)).toMatchObject({
      condition: "unexpected-request",
      pubsub: "not-subscribed",
    });
    await juliet.iq(publishIq("urn:x:s", "3", `<v xmlns="urn:x"/>`));
    await romeo.sync();
    expect(romeo.unclaimed.filter(isEvent("juliet@localhost", "urn:x:s"))).toEqual([]);
  });

  it("a stranger may not subscribe to a presence node", async () => {
    const t = await startPep();
    const juliet = await online(t, "juliet");
    const iago = await online(t, "iago");
    await juliet.iq(publishIq("urn:x:s", "1", `<v xmlns="urn:x"/>`));
    const r = await iago.iq(
      `<iq type="set" to="juliet@localhost"><pubsub xmlns="${PUBSUB}"><subscribe node="urn:x:s" jid="iago@localhost"/></pubsub></iq>`,
    );
    expect(errorOf(r)).toMatchObject({
      condition: "not-authorized",
      pubsub: "presence-subscription-required",
    });
  });
});

describe("account disco (XEP-0163 §4, XEP-0030)", () => {
  it("the account shows pubsub/pep and the pubsub features; disco#items lists visible nodes", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo");
    const juliet = await online(t, "juliet");
    const romeo = await online(t, "romeo");
    const iago = await online(t, "iago");
    const info = await juliet.iq(`<iq type="get"><query xmlns="${INFO}"/></iq>`);
    const q = info.getChild("query", INFO)!;
    expect(q.getChildren("identity").map((i) => `${i.attr("category")}/${i.attr("type")}`)).toEqual(
      ["account/registered", "pubsub/pep"],
    );
    const features = q.getChildren("feature").map((f) => f.attr("var"));
    expect(features).toContain(`${PUBSUB}#publish-options`);
    expect(features).toContain(`${PUBSUB}#access-whitelist`);
    expect(
      errorOf(await iago.iq(`<iq type="get" to="juliet@localhost"><query xmlns="${INFO}"/></iq>`))
        .condition,
    ).toBe("service-unavailable");
    await juliet.iq(
      publishIq("urn:x:open", "1", `<v xmlns="urn:x"/>`, { "pubsub#access_model": "open" }),
    );
    await juliet.iq(publishIq("urn:x:pres", "1", `<v xmlns="urn:x"/>`));
    const nodes = async (c: typeof juliet) =>
      (
        await c.iq(
          `<iq type="get" to="juliet@localhost"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>`,
        )
      )
        .getChild("query")!
        .getChildren("item")
        .map((i) => i.attr("node"));
    expect(await nodes(romeo)).toEqual(["urn:x:open", "urn:x:pres"]);
    expect(await nodes(iago)).toEqual(["urn:x:open"]);
    const missing = await juliet.iq(
      `<iq type="get" to="nobody@localhost"><query xmlns="${INFO}"/></iq>`,
    );
    expect(errorOf(missing).condition).toBe("service-unavailable");
  });
});

describe("avatars (XEP-0084 with XEP-0398 / XEP-0153)", () => {
  it("after metadata is published, the user's presence carries vcard-temp:x:update with the hash", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo", { notify: ["urn:xmpp:avatar:metadata"] });
    const juliet = await online(t, "juliet");
    const sha = "111f4b3c50d7b0df729d299bc6f8e9ef9066971f";
    await juliet.iq(
      publishIq("urn:xmpp:avatar:data", sha, `<data xmlns="urn:xmpp:avatar:data">AAAA</data>`),
    );
    await juliet.iq(
      publishIq(
        "urn:xmpp:avatar:metadata",
        sha,
        `<metadata xmlns="urn:xmpp:avatar:metadata"><info bytes="3" id="${sha}" height="64" width="64" type="image/png"/></metadata>`,
      ),
    );
    await romeo.expect(isEvent("juliet@localhost", "urn:xmpp:avatar:metadata"));
    juliet.send(
      `<presence><show>away</show><x xmlns="vcard-temp:x:update"><photo>stale</photo></x></presence>`,
    );
    await romeo.expect(
      `<presence from="juliet@localhost/res" to="romeo@localhost"><show>away</show><x xmlns="vcard-temp:x:update"><photo>${sha}</photo></x></presence>`,
    );
    // Avatar disabled: empty metadata → empty <photo/>.
    await juliet.iq(
      publishIq(
        "urn:xmpp:avatar:metadata",
        "current",
        `<metadata xmlns="urn:xmpp:avatar:metadata"/>`,
      ),
    );
    juliet.send(`<presence/>`);
    await romeo.expect(
      `<presence from="juliet@localhost/res" to="romeo@localhost"><x xmlns="vcard-temp:x:update"><photo/></x></presence>`,
    );
  });

  it("without an avatar node presence is left alone", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo");
    const juliet = await t.login("juliet", { resource: "res" });
    juliet.send(`<presence><status>hi</status></presence>`);
    await romeo.expect(
      `<presence from="juliet@localhost/res" to="romeo@localhost"><status>hi</status></presence>`,
    );
  });
});

describe("bad input", () => {
  it("answers each malformed request with the XEP-0060 error", async () => {
    const t = await startPep({ maxItemBytes: 200 });
    const juliet = await online(t, "juliet");
    const set = (inner: string) =>
      juliet.iq(`<iq type="set"><pubsub xmlns="${PUBSUB}">${inner}</pubsub></iq>`);
    expect(errorOf(await set(`<publish node="urn:x"/>`))).toMatchObject({
      condition: "bad-request",
      pubsub: "item-required",
    });
    expect(errorOf(await set(`<publish node="urn:x"><item id="1"/></publish>`))).toMatchObject({
      condition: "bad-request",
      pubsub: "payload-required",
    });
    expect(
      errorOf(
        await set(
          `<publish node="urn:x"><item id="1"><a xmlns="u"/><b xmlns="u"/></item></publish>`,
        ),
      ),
    ).toMatchObject({ condition: "bad-request", pubsub: "invalid-payload" });
    expect(
      errorOf(
        await set(
          `<publish node="urn:x"><item id="1"><a xmlns="u"/></item><item id="2"><a xmlns="u"/></item></publish>`,
        ),
      ),
    ).toMatchObject({ pubsub: "invalid-payload" });
    expect(
      errorOf(await set(`<publish><item id="1"><a xmlns="u"/></item></publish>`)),
    ).toMatchObject({ condition: "bad-request", pubsub: "nodeid-required" });
    expect(
      errorOf(
        await set(
          `<publish node="urn:x"><item id="1"><a xmlns="u">${"x".repeat(300)}</a></item></publish>`,
        ),
      ),
    ).toMatchObject({ condition: "not-acceptable", pubsub: "payload-too-big" });
    expect(
      errorOf(
        await set(
          `<publish node="urn:x"><item id="1"><a xmlns="u"/></item></publish><retract node="urn:x"><item id="1"/></retract>`,
        ),
      ).condition,
    ).toBe("bad-request");
    expect(errorOf(await set(`<frobnicate node="urn:x"/>`))).toMatchObject({
      condition: "feature-not-implemented",
      pubsub: "unsupported",
      feature: "frobnicate",
    });
    expect(errorOf(await set(`<options node="urn:x" jid="juliet@localhost"/>`))).toMatchObject({
      pubsub: "unsupported",
      feature: "subscription-options",
    });
    expect(errorOf(await set(`<create/>`))).toMatchObject({
      condition: "not-acceptable",
      pubsub: "nodeid-required",
    });
    expect(
      errorOf(
        await set(
          `<publish node="urn:x"><item id="1"><a xmlns="u"/></item></publish><publish-options><x xmlns="jabber:x:data" type="submit"><field var="pubsub#max_items"><value>many</value></field></x></publish-options>`,
        ),
      ),
    ).toMatchObject({ condition: "conflict", pubsub: "precondition-not-met" });
    expect(errorOf(await juliet.iq(itemsIq("juliet@localhost", "urn:nothing"))).condition).toBe(
      "item-not-found",
    );
    await set(`<publish node="urn:x"><item id="1"><a xmlns="u"/></item></publish>`);
    expect(
      errorOf(await juliet.iq(itemsIq("juliet@localhost", "urn:x", ` max_items="0"`))).condition,
    ).toBe("bad-request");
    expect(
      errorOf(await juliet.iq(itemsIq("juliet@localhost", "urn:x", ` max_items="-2"`))).condition,
    ).toBe("bad-request");
    expect(errorOf(await set(`<create node="urn:x"/>`)).condition).toBe("conflict");
    // Pubsub to an account that does not exist.
    expect(errorOf(await juliet.iq(itemsIq("nobody@localhost", "urn:x"))).condition).toBe(
      "service-unavailable",
    );
  });

  it("too many nodes: not-allowed", async () => {
    const t = await startPep({ maxNodes: 2 });
    const juliet = await online(t, "juliet");
    await juliet.iq(publishIq("urn:a", "1", `<a xmlns="u"/>`));
    await juliet.iq(publishIq("urn:b", "1", `<a xmlns="u"/>`));
    expect(errorOf(await juliet.iq(publishIq("urn:c", "1", `<a xmlns="u"/>`))).condition).toBe(
      "not-allowed",
    );
  });
});
