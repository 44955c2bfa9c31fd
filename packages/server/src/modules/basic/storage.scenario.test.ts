// Scenario tests over real sockets: vcard-temp (XEP-0054) and private XML storage (XEP-0049).
import { NS } from "@parley/stanza";
import { describe, it } from "vitest";
import { STANZAS, scenarioServer } from "./test-support/scenario";

describe("vcard-temp over a real stream", () => {
  it("set own, read own and as another user; errors for the rest", async () => {
    const t = await scenarioServer();
    const juliet = await t.login("juliet", { resource: "balcony" });
    const romeo = await t.login("romeo", { resource: "orchard" });
    juliet.send(`<iq type="get" id="v0"><vCard xmlns="vcard-temp"/></iq>`);
    await juliet.expect(
      `<iq type="error" id="v0" to="juliet@localhost/balcony"><vCard xmlns="vcard-temp"/><error type="cancel"><item-not-found xmlns="${STANZAS}"/></error></iq>`,
    );
    juliet.send(
      `<iq type="set" id="v1"><vCard xmlns="vcard-temp"><FN>Juliet Capulet</FN><NICKNAME>jc</NICKNAME></vCard></iq>`,
    );
    await juliet.expect(`<iq type="result" id="v1" to="juliet@localhost/balcony"/>`);
    romeo.send(`<iq type="get" id="v2" to="juliet@localhost"><vCard xmlns="vcard-temp"/></iq>`);
    await romeo.expect(
      `<iq type="result" id="v2" from="juliet@localhost" to="romeo@localhost/orchard"><vCard xmlns="vcard-temp"><FN>Juliet Capulet</FN><NICKNAME>jc</NICKNAME></vCard></iq>`,
    );
    romeo.send(
      `<iq type="set" id="v3" to="juliet@localhost"><vCard xmlns="vcard-temp"><FN>Romeo</FN></vCard></iq>`,
    );
    await romeo.expect(
      `<iq type="error" id="v3" from="juliet@localhost" to="romeo@localhost/orchard"><vCard xmlns="vcard-temp"><FN>Romeo</FN></vCard><error type="auth"><forbidden xmlns="${STANZAS}"/></error></iq>`,
    );
    romeo.send(`<iq type="get" id="v4" to="nobody@localhost"><vCard xmlns="vcard-temp"/></iq>`);
    await romeo.expect(
      `<iq type="error" id="v4" from="nobody@localhost" to="romeo@localhost/orchard"><vCard xmlns="vcard-temp"/><error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error></iq>`,
    );
  });

  it("refuses an oversized vCard (configured limit)", async () => {
    const t = await scenarioServer({ moduleConfig: { vcard: { maxBytes: 100 } } });
    const juliet = await t.login("juliet", { resource: "balcony" });
    const big = "y".repeat(200);
    juliet.send(
      `<iq type="set" id="b1"><vCard xmlns="vcard-temp"><DESC>${big}</DESC></vCard></iq>`,
    );
    await juliet.expect(
      `<iq type="error" id="b1" to="juliet@localhost/balcony"><vCard xmlns="vcard-temp"><DESC>${big}</DESC></vCard><error type="modify"><not-acceptable xmlns="${STANZAS}"/><text xmlns="${STANZAS}">*</text></error></iq>`,
    );
  });
});

describe("private XML storage over a real stream", () => {
  it("stores, returns, and refuses bad requests", async () => {
    const t = await scenarioServer();
    const juliet = await t.login("juliet", { resource: "balcony" });
    const romeo = await t.login("romeo", { resource: "orchard" });
    juliet.send(
      `<iq type="set" id="p1"><query xmlns="${NS.PRIVATE}"><storage xmlns="storage:bookmarks"><conference jid="room@conf.localhost" name="Room"/></storage></query></iq>`,
    );
    await juliet.expect(`<iq type="result" id="p1" to="juliet@localhost/balcony"/>`);
    juliet.send(
      `<iq type="get" id="p2"><query xmlns="${NS.PRIVATE}"><storage xmlns="storage:bookmarks"/></query></iq>`,
    );
    await juliet.expect(
      `<iq type="result" id="p2" to="juliet@localhost/balcony"><query xmlns="${NS.PRIVATE}"><storage xmlns="storage:bookmarks"><conference jid="room@conf.localhost" name="Room"/></storage></query></iq>`,
    );
    romeo.send(
      `<iq type="get" id="p3" to="juliet@localhost"><query xmlns="${NS.PRIVATE}"><storage xmlns="storage:bookmarks"/></query></iq>`,
    );
    await romeo.expect(
      `<iq type="error" id="p3" from="juliet@localhost" to="romeo@localhost/orchard"><query xmlns="${NS.PRIVATE}"><storage xmlns="storage:bookmarks"/></query><error type="auth"><forbidden xmlns="${STANZAS}"/></error></iq>`,
    );
    juliet.send(`<iq type="get" id="p4"><query xmlns="${NS.PRIVATE}"/></iq>`);
    await juliet.expect(
      `<iq type="error" id="p4" to="juliet@localhost/balcony"><query xmlns="${NS.PRIVATE}"/><error type="modify"><not-acceptable xmlns="${STANZAS}"/><text xmlns="${STANZAS}">*</text></error></iq>`,
    );
    juliet.send(
      `<iq type="set" id="p5"><query xmlns="${NS.PRIVATE}"><query xmlns="jabber:iq:roster"/></query></iq>`,
    );
    await juliet.expect(
      `<iq type="error" id="p5" to="juliet@localhost/balcony"><query xmlns="${NS.PRIVATE}"><query xmlns="jabber:iq:roster"/></query><error type="modify"><not-acceptable xmlns="${STANZAS}"/><text xmlns="${STANZAS}">*</text></error></iq>`,
    );
  });
});
