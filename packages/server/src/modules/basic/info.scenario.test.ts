// Scenario tests over real sockets: disco + caps (XEP-0030, XEP-0115), version (XEP-0092),
// time (XEP-0202).
import { NS } from "@parley/stanza";
import { describe, expect, it } from "vitest";
import { capsVer } from "./disco/caps";
import { DEFAULT_CAPS_NODE } from "./disco";
import { PARLEY_VERSION } from "./product";
import { STANZAS, scenarioServer } from "./test-support/scenario";

describe("disco#info of the server over a real stream", () => {
  it("lists the features of every module, and the caps ver in the stream features matches", async () => {
    const t = await scenarioServer();
    const c = await t.login("juliet", { resource: "balcony" });
    const reply = await c.iq(
      `<iq type="get" id="d1" to="localhost"><query xmlns="${NS.DISCO_INFO}"/></iq>`,
    );
    const query = reply.getChild("query", NS.DISCO_INFO)!;
    const features = query.getChildren("feature").map((f) => f.attr("var")!);
    for (const f of [
      NS.DISCO_INFO,
      NS.DISCO_ITEMS,
      NS.CAPS,
      NS.VERSION,
      NS.TIME,
      NS.VCARD,
      NS.PRIVATE,
      NS.BLOCKING,
    ]) {
      expect(features).toContain(f);
    }
    expect(features).not.toContain(NS.REGISTER); // registration is off by default
    const identities = query.getChildren("identity").map((i) => ({
      category: i.attr("category")!,
      type: i.attr("type")!,
      name: i.attr("name"),
    }));
    expect(identities).toContainEqual({ category: "server", type: "im", name: "Parley" });
    const caps = c.features!.getChild("c", NS.CAPS)!;
    expect(caps.attrs).toMatchObject({ hash: "sha-1", node: DEFAULT_CAPS_NODE });
    expect(caps.attr("ver")).toBe(capsVer(identities, features));
    // XEP-0115 §6.2: node#ver answers the same.
    const byNode = await c.iq(
      `<iq type="get" id="d2" to="localhost"><query xmlns="${NS.DISCO_INFO}" node="${DEFAULT_CAPS_NODE}#${caps.attr("ver")}"/></iq>`,
    );
    expect(byNode.attr("type")).toBe("result");
  });

  it("unknown node → item-not-found; account info; missing account → service-unavailable", async () => {
    const t = await scenarioServer();
    const c = await t.login("juliet", { resource: "balcony" });
    c.send(
      `<iq type="get" id="n1" to="localhost"><query xmlns="${NS.DISCO_INFO}" node="urn:nope"/></iq>`,
    );
    await c.expect(
      `<iq type="error" id="n1" from="localhost" to="juliet@localhost/balcony"><query xmlns="${NS.DISCO_INFO}" node="urn:nope"/><error type="cancel"><item-not-found xmlns="${STANZAS}"/></error></iq>`,
    );
    c.send(`<iq type="get" id="a1"><query xmlns="${NS.DISCO_INFO}"/></iq>`);
    await c.expect(
      `<iq type="result" id="a1" to="juliet@localhost/balcony"><query xmlns="${NS.DISCO_INFO}"><identity category="account" type="registered"/><feature var="${NS.DISCO_INFO}"/><feature var="${NS.DISCO_ITEMS}"/></query></iq>`,
    );
    c.send(`<iq type="get" id="a2" to="nobody@localhost"><query xmlns="${NS.DISCO_INFO}"/></iq>`);
    await c.expect(
      `<iq type="error" id="a2" from="nobody@localhost" to="juliet@localhost/balcony"><query xmlns="${NS.DISCO_INFO}"/><error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error></iq>`,
    );
    c.send(`<iq type="get" id="i1" to="localhost"><query xmlns="${NS.DISCO_ITEMS}"/></iq>`);
    await c.expect(
      `<iq type="result" id="i1" from="localhost" to="juliet@localhost/balcony"><query xmlns="${NS.DISCO_ITEMS}"/></iq>`,
    );
  });
});

describe("version and time over a real stream", () => {
  it("answers jabber:iq:version", async () => {
    const t = await scenarioServer();
    const c = await t.login("juliet", { resource: "balcony" });
    c.send(`<iq type="get" id="v1" to="localhost"><query xmlns="${NS.VERSION}"/></iq>`);
    await c.expect(
      `<iq type="result" id="v1" from="localhost" to="juliet@localhost/balcony"><query xmlns="${NS.VERSION}"><name>Parley</name><version>${PARLEY_VERSION}</version></query></iq>`,
    );
    // A set is not a version request: nobody handles it.
    c.send(`<iq type="set" id="v2" to="localhost"><query xmlns="${NS.VERSION}"/></iq>`);
    await c.expect(
      `<iq type="error" id="v2" from="localhost" to="juliet@localhost/balcony"><query xmlns="${NS.VERSION}"/><error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error></iq>`,
    );
  });

  it("answers urn:xmpp:time with tzo and utc", async () => {
    const t = await scenarioServer();
    const c = await t.login("juliet", { resource: "balcony" });
    c.send(`<iq type="get" id="t1" to="localhost"><time xmlns="${NS.TIME}"/></iq>`);
    await c.expect(
      `<iq type="result" id="t1" from="localhost" to="juliet@localhost/balcony"><time xmlns="${NS.TIME}"><tzo>*</tzo><utc>*</utc></time></iq>`,
    );
  });
});
