// Scenario tests over real sockets: XEP-0077 in-band registration.
import { NS } from "@parley/stanza";
import { describe, expect, it } from "vitest";
import { SaslFailure } from "../../testing";
import { STANZAS, scenarioServer } from "./test-support/scenario";

const R = NS.REGISTER;
const FEATURE = `<register xmlns="${NS.REGISTER_FEATURE}"/>`;

describe("in-band registration over real streams", () => {
  it("is off by default: no feature; a pre-auth iq gets service-unavailable and the stream stays (XEP-0077 §3.1)", async () => {
    const t = await scenarioServer();
    await t.addUser("bill", "Calliope");
    const c = await t.connect();
    await c.openStream();
    const features = await c.starttls();
    expect(features.getChild("register", NS.REGISTER_FEATURE)).toBeUndefined();
    c.send(`<iq type="get" id="r0"><query xmlns="${R}"/></iq>`);
    await c.expect(
      `<iq type="error" id="r0"><error type="cancel"><service-unavailable xmlns="${STANZAS}"/><text xmlns="${STANZAS}" xml:lang="en">*</text></error></iq>`,
    );
    // A set carries a password: the error does not echo it.
    c.send(
      `<iq type="set" id="r1"><query xmlns="${R}"><username>eve</username><password>secret</password></query></iq>`,
    );
    const refused = await c.expect((e) => e.attr("id") === "r1");
    expect(refused.toString()).not.toContain("secret");
    expect(refused.getChild("error")?.getChild("service-unavailable", STANZAS)).toBeDefined();
    expect(await t.storage.accounts.exists("eve@localhost")).toBe(false);
    // The same stream then logs in.
    await c.authenticate("bill", "Calliope", "SCRAM-SHA-256");
    expect(await c.bind("globe")).toBe("bill@localhost/globe");
  });

  it("while off, any other pre-auth iq still closes the stream (RFC 6120 §4.9.3.12)", async () => {
    const t = await scenarioServer();
    const c = await t.connect();
    await c.openStream();
    await c.starttls();
    c.send(`<iq type="get" id="v0"><query xmlns="jabber:iq:version"/></iq>`);
    await c.expectStreamError("not-authorized");
  });

  it("on, but not offered without TLS: a pre-auth iq on a plain stream gets service-unavailable", async () => {
    const t = await scenarioServer({ registration: true, requireEncryption: false });
    const c = await t.connect();
    const plain = await c.openStream();
    expect(plain.getChild("register", NS.REGISTER_FEATURE)).toBeUndefined();
    c.send(`<iq type="get" id="p0"><query xmlns="${R}"/></iq>`);
    await c.expect(
      `<iq type="error" id="p0"><error type="cancel"><service-unavailable xmlns="${STANZAS}"/><text xmlns="${STANZAS}" xml:lang="en">*</text></error></iq>`,
    );
    // Once encrypted, the register module answers.
    await c.starttls();
    c.send(`<iq type="get" id="p1"><query xmlns="${R}"/></iq>`);
    await c.expect((e) => e.attr("id") === "p1" && e.attr("type") === "result");
  });

  it("registers after STARTTLS (not before), then the account logs in with SCRAM", async () => {
    const t = await scenarioServer({ registration: true });
    const c = await t.connect();
    const plain = await c.openStream();
    expect(plain.getChild("register", NS.REGISTER_FEATURE)).toBeUndefined();
    const secure = await c.starttls();
    expect(secure.getChild("register", NS.REGISTER_FEATURE)?.toString()).toBe(FEATURE);
    c.send(`<iq type="get" id="r1"><query xmlns="${R}"/></iq>`);
    await c.expect(
      `<iq type="result" id="r1"><query xmlns="${R}"><instructions>*</instructions><username/><password/></query></iq>`,
    );
    c.send(`<iq type="set" id="r2"><query xmlns="${R}"><username>bill</username></query></iq>`);
    await c.expect(
      `<iq type="error" id="r2"><error type="modify"><not-acceptable xmlns="${STANZAS}"/><text xmlns="${STANZAS}">*</text></error></iq>`,
    );
    c.send(
      `<iq type="set" id="r3"><query xmlns="${R}"><username>Bill</username><password>Calliope</password></query></iq>`,
    );
    await c.expect(`<iq type="result" id="r3"/>`);
    const account = await t.storage.accounts.get("bill@localhost");
    expect(Object.keys(account!.credentials).sort()).toEqual([
      "SCRAM-SHA-1",
      "SCRAM-SHA-256",
      "SCRAM-SHA-512",
    ]);

    const other = await t.connect();
    await other.openStream();
    await other.starttls();
    other.send(
      `<iq type="set" id="r4"><query xmlns="${R}"><username>bill</username><password>x</password></query></iq>`,
    );
    await other.expect(
      `<iq type="error" id="r4"><error type="cancel"><conflict xmlns="${STANZAS}"/></error></iq>`,
    );

    await c.authenticate("bill", "Calliope", "SCRAM-SHA-256");
    expect(await c.bind("globe")).toBe("bill@localhost/globe");
  });

  it("changes the password and removes the account after authentication", async () => {
    const t = await scenarioServer({ registration: true });
    const c = await t.login("bill", { password: "old", resource: "globe" });
    c.send(`<iq type="get" id="g1" to="localhost"><query xmlns="${R}"/></iq>`);
    await c.expect(
      `<iq type="result" id="g1" from="localhost" to="bill@localhost/globe"><query xmlns="${R}"><registered/><username>bill</username><password/></query></iq>`,
    );
    c.send(
      `<iq type="set" id="c1" to="localhost"><query xmlns="${R}"><username>bill</username><password/></query></iq>`,
    );
    await c.expect(
      `<iq type="error" id="c1" from="localhost" to="bill@localhost/globe"><error type="modify"><bad-request xmlns="${STANZAS}"/><text xmlns="${STANZAS}">*</text></error></iq>`,
    );
    c.send(
      `<iq type="set" id="c2" to="localhost"><query xmlns="${R}"><username>bill</username><password>new</password></query></iq>`,
    );
    await c.expect(`<iq type="result" id="c2" from="localhost" to="bill@localhost/globe"/>`);

    const again = await t.connect();
    await expect(again.login("bill", "old")).rejects.toBeInstanceOf(SaslFailure);
    const ok = await t.connect();
    await ok.login("bill", "new", { resource: "theatre" });

    c.send(`<iq type="set" id="u1"><query xmlns="${R}"><remove/></query></iq>`);
    await c.expect(`<iq type="result" id="u1" to="bill@localhost/globe"/>`);
    await c.expectStreamError("not-authorized");
    await ok.expectStreamError("not-authorized");
    expect(await t.storage.accounts.exists("bill@localhost")).toBe(false);
  });
});
