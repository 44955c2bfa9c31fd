// Scenario tests over real sockets: publish, notifications filtered by caps, access models,
// items retrieval, max_items, retract, last item on presence.
import { afterEach, describe, expect, it } from "vitest";
import {
  EVENT,
  PUBSUB,
  announce,
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

const NICK = "http://jabber.org/protocol/nick";
const nick = (n: string) => `<nick xmlns="${NICK}">${n}</nick>`;

describe("publish and notifications (XEP-0163 §4.3, XEP-0060 §7.1)", () => {
  it("auto-creates the node, answers with the item id, notifies +notify contacts and own resources", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo");
    await t.addUser("nurse");
    const romeo = await online(t, "romeo", { notify: [NICK] });
    const romeoNoCaps = await online(t, "romeo", { resource: "old", notify: [] });
    const nurse = await online(t, "nurse", { notify: [NICK] }); // not a contact
    const juliet = await online(t, "juliet", { notify: [NICK] });
    const juliet2 = await online(t, "juliet", { resource: "phone", notify: [] });

    const reply = await juliet.iq(publishIq(NICK, "current", nick("Jule")));
    expect(reply.attr("type")).toBe("result");
    expect(reply.getChild("pubsub", PUBSUB)?.toString()).toBe(
      `<pubsub xmlns="${PUBSUB}"><publish node="${NICK}"><item id="current"/></publish></pubsub>`,
    );
    await romeo.expect(
      `<message from="juliet@localhost" to="romeo@localhost/res" type="headline" id="*"><event xmlns="${EVENT}"><items node="${NICK}"><item id="current">${nick("Jule")}</item></items></event></message>`,
    );
    await juliet.expect(isEvent("juliet@localhost", NICK));
    for (const c of [romeoNoCaps, nurse, juliet2]) {
      await c.sync();
      expect(c.unclaimed.filter(isEvent("juliet@localhost", NICK))).toEqual([]);
    }
  });

  it("an item without id gets a generated one; republishing an id replaces the item", async () => {
    const t = await startPep({ defaultMaxItems: 10 });
    const juliet = await online(t, "juliet");
    const r = await juliet.iq(
      publishIq("urn:example:list", undefined, `<v xmlns="urn:example">1</v>`),
    );
    const id = r
      .getChild("pubsub", PUBSUB)!
      .getChild("publish", PUBSUB)!
      .getChild("item", PUBSUB)!
      .attr("id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await juliet.iq(publishIq("urn:example:list", "a", `<v xmlns="urn:example">2</v>`));
    await juliet.iq(publishIq("urn:example:list", "a", `<v xmlns="urn:example">3</v>`));
    const items = await juliet.iq(itemsIq("juliet@localhost", "urn:example:list"));
    expect(itemIds(items)).toEqual([id, "a"]);
    expect(items.toString()).toContain(`<item id="a"><v xmlns="urn:example">3</v></item>`);
  });

  it("max_items keeps the newest items; max_items and ids filter retrieval", async () => {
    const t = await startPep();
    const juliet = await online(t, "juliet");
    const opts = { "pubsub#max_items": "3" };
    for (const id of ["1", "2", "3", "4", "5"]) {
      expect(
        (await juliet.iq(publishIq("urn:x:n", id, `<v xmlns="urn:x"/>`, opts))).attr("type"),
      ).toBe("result");
    }
    expect(itemIds(await juliet.iq(itemsIq("juliet@localhost", "urn:x:n")))).toEqual([
      "3",
      "4",
      "5",
    ]);
    expect(
      itemIds(await juliet.iq(itemsIq("juliet@localhost", "urn:x:n", ` max_items="2"`))),
    ).toEqual(["4", "5"]);
    expect(
      itemIds(
        await juliet.iq(itemsIq("juliet@localhost", "urn:x:n", "", `<item id="3"/><item id="5"/>`)),
      ),
    ).toEqual(["3", "5"]);
    // Default config: max_items 1.
    await juliet.iq(publishIq("urn:x:one", "a", `<v xmlns="urn:x"/>`));
    await juliet.iq(publishIq("urn:x:one", "b", `<v xmlns="urn:x"/>`));
    expect(itemIds(await juliet.iq(itemsIq("juliet@localhost", "urn:x:one")))).toEqual(["b"]);
    // "max" = the service's limit.
    for (const id of ["a", "b", "c"])
      await juliet.iq(
        publishIq("urn:x:max", id, `<v xmlns="urn:x"/>`, { "pubsub#max_items": "max" }),
      );
    expect(itemIds(await juliet.iq(itemsIq("juliet@localhost", "urn:x:max")))).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it("retract removes the item and notifies with <retract/>", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo");
    const romeo = await online(t, "romeo", { notify: ["urn:x:n"] });
    const juliet = await online(t, "juliet");
    await juliet.iq(publishIq("urn:x:n", "a", `<v xmlns="urn:x"/>`));
    await romeo.expect(isEvent("juliet@localhost", "urn:x:n"));
    const r = await juliet.iq(
      `<iq type="set"><pubsub xmlns="${PUBSUB}"><retract node="urn:x:n" notify="true"><item id="a"/></retract></pubsub></iq>`,
    );
    expect(r.attr("type")).toBe("result");
    await romeo.expect(
      `<message from="juliet@localhost" to="romeo@localhost/res" type="headline" id="*"><event xmlns="${EVENT}"><items node="urn:x:n"><retract id="a"/></items></event></message>`,
    );
    expect(itemIds(await juliet.iq(itemsIq("juliet@localhost", "urn:x:n")))).toEqual([]);
    const again = await juliet.iq(
      `<iq type="set"><pubsub xmlns="${PUBSUB}"><retract node="urn:x:n"><item id="a"/></retract></pubsub></iq>`,
    );
    expect(errorOf(again).condition).toBe("item-not-found");
  });

  it("a contact retrieves items of a presence node; a stranger is refused (presence-subscription-required)", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo");
    const juliet = await online(t, "juliet");
    const romeo = await online(t, "romeo");
    const nurse = await online(t, "nurse");
    await juliet.iq(publishIq(NICK, "current", nick("Jule")));
    const ok = await romeo.iq(itemsIq("juliet@localhost", NICK));
    expect(ok.toString()).toContain(
      `<items node="${NICK}"><item id="current">${nick("Jule")}</item></items>`,
    );
    const denied = await nurse.iq(itemsIq("juliet@localhost", NICK));
    expect(errorOf(denied)).toEqual({
      type: "auth",
      condition: "not-authorized",
      pubsub: "presence-subscription-required",
      feature: undefined,
    });
    // Another user may not publish to juliet's service.
    const forbidden = await romeo.iq(
      publishIq(NICK, "x", nick("Romeo"), undefined, "juliet@localhost"),
    );
    expect(errorOf(forbidden).condition).toBe("forbidden");
  });

  it("last published item when a contact comes online with +notify (on_sub_and_presence)", async () => {
    const t = await startPep({ defaultMaxItems: 5 });
    await befriend(t, "juliet", "romeo");
    const juliet = await online(t, "juliet");
    await juliet.iq(publishIq(NICK, "old", nick("Old")));
    await juliet.iq(publishIq(NICK, "new", nick("New")));
    await juliet.iq(
      publishIq("urn:x:never", "a", `<v xmlns="urn:x"/>`, {
        "pubsub#send_last_published_item": "never",
      }),
    );
    const romeo = await t.login("romeo", { resource: "res" });
    await announce(romeo, [NICK, "urn:x:never"]);
    const got = await romeo.expect(isEvent("juliet@localhost", NICK));
    expect(itemIds(got)).toEqual(["new"]);
    await romeo.sync();
    expect(romeo.unclaimed.filter(isEvent("juliet@localhost", "urn:x:never"))).toEqual([]);
    // The owner's own new resource gets its own last items too.
    const phone = await t.login("juliet", { resource: "phone" });
    await announce(phone, [NICK]);
    expect(itemIds(await phone.expect(isEvent("juliet@localhost", NICK)))).toEqual(["new"]);
  });

  it("caps learnt once per ver: a second client with the same caps is not asked again", async () => {
    const t = await startPep();
    await befriend(t, "juliet", "romeo");
    const juliet = await online(t, "juliet");
    const a = await online(t, "romeo", { resource: "a", notify: [NICK] });
    // Same node#ver as a: copy a's presence caps.
    const caps = a.received
      .find((e) => e.localName === "presence" && e.attr("from") === "romeo@localhost/a")
      ?.getChild("c", "http://jabber.org/protocol/caps");
    expect(caps).toBeDefined();
    const b = await t.login("romeo", { resource: "b" });
    b.send(`<presence>${caps!.toString()}</presence>`);
    await b.sync();
    expect(b.unclaimed.filter((e) => e.localName === "iq")).toEqual([]);
    await juliet.iq(publishIq(NICK, "current", nick("J")));
    await a.expect(isEvent("juliet@localhost", NICK));
    await b.expect(isEvent("juliet@localhost", NICK));
  });
});
