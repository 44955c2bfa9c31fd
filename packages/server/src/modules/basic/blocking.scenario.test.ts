// Scenario tests over real sockets: XEP-0191 blocking with the RFC 6121 modules running.
import { NS } from "@parley/stanza";
import { type KeyValueStore, MemoryStorage, type Storage } from "@parley/storage";
import { describe, expect, it } from "vitest";
import type { TestServer } from "../../testing";
import { BLOCKING_STORE } from "./blocking";
import { STANZAS, scenarioServer } from "./test-support/scenario";

const B = NS.BLOCKING;

/** juliet and romeo subscribed both ways, both online with initial presence. */
async function lovers(t: TestServer) {
  for (const [owner, contact] of [
    ["juliet", "romeo"],
    ["romeo", "juliet"],
  ] as const) {
    await t.addUser(owner);
    await t.storage.roster.setItem(`${owner}@localhost`, {
      jid: `${contact}@localhost`,
      subscription: "both",
      groups: [],
    });
  }
  const juliet = await t.login("juliet", { resource: "balcony" });
  const romeo = await t.login("romeo", { resource: "orchard" });
  juliet.send("<presence/>");
  romeo.send("<presence/>");
  // Broadcast or probe answer, to the bare or full JID: whichever the IM modules send.
  await juliet.expect(`<presence from="romeo@localhost/orchard" to="*"/>`);
  await romeo.expect(`<presence from="juliet@localhost/balcony" to="*"/>`);
  await juliet.sync();
  await romeo.sync();
  // Drop what is left of the presence exchange (self-presence, duplicates).
  for (const c of [juliet, romeo]) while (c.unclaimed.length > 0) await c.nextStanza();
  return { juliet, romeo };
}

describe("blocking over real streams", () => {
  it("block: result, push, unavailable to the contact, then both directions enforced", async () => {
    const t = await scenarioServer();
    const { juliet, romeo } = await lovers(t);
    juliet.send(`<iq type="get" id="l1"><blocklist xmlns="${B}"/></iq>`);
    await juliet.expect(
      `<iq type="result" id="l1" to="juliet@localhost/balcony"><blocklist xmlns="${B}"/></iq>`,
    );
    juliet.send(
      `<iq type="set" id="b1"><block xmlns="${B}"><item jid="romeo@localhost"/></block></iq>`,
    );
    await juliet.expect(`<iq type="result" id="b1" to="juliet@localhost/balcony"/>`);
    await juliet.expect(
      `<iq type="set" id="*" to="juliet@localhost/balcony"><block xmlns="${B}"><item jid="romeo@localhost"/></block></iq>`,
    );
    await romeo.expect(
      `<presence type="unavailable" from="juliet@localhost/balcony" to="romeo@localhost"/>`,
    );

    romeo.send(`<message to="juliet@localhost" type="chat" id="m1"><body>Juliet?</body></message>`);
    await romeo.expect(
      `<message type="error" id="m1" from="juliet@localhost" to="romeo@localhost/orchard"><error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error></message>`,
    );
    juliet.send(`<message to="romeo@localhost" type="chat" id="m2"><body>Romeo?</body></message>`);
    await juliet.expect(
      `<message type="error" id="m2" from="romeo@localhost" to="juliet@localhost/balcony"><error type="modify"><not-acceptable xmlns="${STANZAS}"/><blocked xmlns="urn:xmpp:blocking:errors"/></error></message>`,
    );
    romeo.send(
      `<iq type="get" id="q1" to="juliet@localhost/balcony"><ping xmlns="urn:xmpp:ping"/></iq>`,
    );
    await romeo.expect(
      `<iq type="error" id="q1" from="juliet@localhost/balcony" to="romeo@localhost/orchard"><ping xmlns="urn:xmpp:ping"/><error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error></iq>`,
    );
    // Presence either way is dropped without an answer.
    romeo.send(`<presence><show>away</show></presence>`);
    juliet.send(`<presence><show>dnd</show></presence>`);
    await juliet.sync();
    await romeo.sync();
    expect(juliet.unclaimed.filter((e) => e.attr("from")?.startsWith("romeo"))).toEqual([]);
    expect(romeo.unclaimed.filter((e) => e.attr("from")?.startsWith("juliet"))).toEqual([]);
  });

  it("unblock sends presence again; unblock-all pushes an empty <unblock/>", async () => {
    const t = await scenarioServer();
    const { juliet, romeo } = await lovers(t);
    juliet.send(`<iq type="get" id="l1"><blocklist xmlns="${B}"/></iq>`);
    await juliet.expect(
      `<iq type="result" id="l1" to="juliet@localhost/balcony"><blocklist xmlns="${B}"/></iq>`,
    );
    await juliet.iq(
      `<iq type="set" id="b1"><block xmlns="${B}"><item jid="romeo@localhost"/><item jid="iago@localhost"/></block></iq>`,
    );
    await romeo.expect(
      `<presence type="unavailable" from="juliet@localhost/balcony" to="romeo@localhost"/>`,
    );
    juliet.send(
      `<iq type="set" id="u1"><unblock xmlns="${B}"><item jid="romeo@localhost"/></unblock></iq>`,
    );
    await juliet.expect(`<iq type="result" id="u1" to="juliet@localhost/balcony"/>`);
    await juliet.expect(
      `<iq type="set" id="*" to="juliet@localhost/balcony"><unblock xmlns="${B}"><item jid="romeo@localhost"/></unblock></iq>`,
    );
    await romeo.expect(`<presence from="juliet@localhost/balcony" to="romeo@localhost"/>`);
    romeo.send(`<message to="juliet@localhost" type="chat" id="m3"><body>back</body></message>`);
    await juliet.expect(
      `<message to="juliet@localhost" type="chat" id="m3" from="romeo@localhost/orchard"><body>back</body></message>`,
    );
    juliet.send(`<iq type="set" id="u2"><unblock xmlns="${B}"/></iq>`);
    await juliet.expect(`<iq type="result" id="u2" to="juliet@localhost/balcony"/>`);
    await juliet.expect(
      `<iq type="set" id="*" to="juliet@localhost/balcony"><unblock xmlns="${B}"/></iq>`,
    );
    expect(
      (await juliet.iq(`<iq type="get"><blocklist xmlns="${B}"/></iq>`))
        .getChild("blocklist", B)!
        .elements(),
    ).toEqual([]);
  });

  it("bad requests: empty <block/>, malformed JID, another user's list", async () => {
    const t = await scenarioServer();
    const juliet = await t.login("juliet", { resource: "balcony" });
    juliet.send(`<iq type="set" id="x1"><block xmlns="${B}"/></iq>`);
    await juliet.expect(
      `<iq type="error" id="x1" to="juliet@localhost/balcony"><block xmlns="${B}"/><error type="modify"><bad-request xmlns="${STANZAS}"/><text xmlns="${STANZAS}">*</text></error></iq>`,
    );
    juliet.send(`<iq type="set" id="x2"><block xmlns="${B}"><item jid="@localhost"/></block></iq>`);
    await juliet.expect(
      `<iq type="error" id="x2" to="juliet@localhost/balcony"><block xmlns="${B}"><item jid="@localhost"/></block><error type="modify"><jid-malformed xmlns="${STANZAS}"/><text xmlns="${STANZAS}">*</text></error></iq>`,
    );
    await t.addUser("romeo");
    juliet.send(`<iq type="get" id="x3" to="romeo@localhost"><blocklist xmlns="${B}"/></iq>`);
    await juliet.expect(
      `<iq type="error" id="x3" from="romeo@localhost" to="juliet@localhost/balcony"><blocklist xmlns="${B}"/><error type="auth"><forbidden xmlns="${STANZAS}"/></error></iq>`,
    );
  });
});

describe("blocklist cache (bounded, existing accounts only)", () => {
  it("messages to many missing accounts read no blocklist and evict no real one", async () => {
    const storage = new MemoryStorage();
    const reads: string[] = [];
    const kv: KeyValueStore = {
      get: (s, o, k) => storage.kv.get(s, o, k),
      set: (s, o, k, v) => storage.kv.set(s, o, k, v),
      clear: (s, o) => storage.kv.clear(s, o),
      entries: (s, o) => {
        if (s === BLOCKING_STORE) reads.push(o);
        return storage.kv.entries(s, o);
      },
    };
    // `kv` counted, the rest of the storage as it is.
    const counted = Object.create(storage, { kv: { value: kv } }) as Storage;
    const t = await scenarioServer({
      storage: counted,
      moduleConfig: { blocking: { cacheSize: 3 } },
    });
    await t.addUser("romeo");
    await t.addUser("juliet"); // offline: her list is read from storage, once
    const tybalt = await t.login("tybalt", { resource: "street" });
    const romeo = await t.login("romeo", { resource: "orchard" });
    romeo.send(
      `<iq type="set" id="b1"><block xmlns="${B}"><item jid="tybalt@localhost"/></block></iq>`,
    );
    await romeo.expect(`<iq type="result" id="b1" to="romeo@localhost/orchard"/>`);
    tybalt.send(`<message to="juliet@localhost" type="chat" id="j1"><body>hi</body></message>`);
    await tybalt.sync();

    for (let i = 0; i < 50; i++) {
      tybalt.send(
        `<message to="nobody${i}@localhost" type="chat" id="n${i}"><body>x</body></message>`,
      );
      await tybalt.expect(
        `<message type="error" id="n${i}" from="nobody${i}@localhost" to="tybalt@localhost/street"><error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error></message>`,
      );
    }
    // Blocking still works, from the cached lists: tybalt's, romeo's and juliet's (three, the
    // cache's size) were not pushed out by fifty missing accounts.
    tybalt.send(`<message to="romeo@localhost" type="chat" id="r1"><body>x</body></message>`);
    await tybalt.expect(
      `<message type="error" id="r1" from="romeo@localhost" to="tybalt@localhost/street"><error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error></message>`,
    );
    tybalt.send(`<message to="juliet@localhost" type="chat" id="j2"><body>x</body></message>`);
    await tybalt.sync();
    expect(reads.filter((o) => o.startsWith("nobody"))).toEqual([]);
    expect(reads.sort()).toEqual(["juliet@localhost", "romeo@localhost", "tybalt@localhost"]);
  });
});
