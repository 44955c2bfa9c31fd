import { beforeEach, describe, expect, it } from "vitest";
import {
  type FakeServer,
  type FakeSession,
  createFakeServer,
  out,
  stanza,
} from "../test-support/fake-context";
import { capsVer } from "./caps";
import { DEFAULT_CAPS_NODE, discoModule } from "./index";
import type { StreamFeaturesEvent } from "../../../module-api";
import type { Element } from "@parley/xml";

let server: FakeServer;
let juliet: FakeSession;

async function send(s: FakeSession, text: string): Promise<string[]> {
  await server.dispatch(stanza(text), s);
  return s.take().map(out);
}

beforeEach(async () => {
  server = createFakeServer();
  await server.storage.accounts.create("juliet@example.com", {});
  await server.storage.accounts.create("romeo@example.com", {});
  await discoModule.setup(server.ctx("disco"));
  // Another module declares its feature through the registry.
  server.ctx("other").addFeature("urn:xmpp:ping");
  await server.start();
  juliet = server.connect("juliet@example.com/balcony");
});

const INFO = "http://jabber.org/protocol/disco#info";

describe("disco#info of the server (XEP-0030 §3.1)", () => {
  it("lists the identity and every module's features, sorted", async () => {
    expect(
      await send(juliet, `<iq type='get' id='d1' to='example.com'><query xmlns='${INFO}'/></iq>`),
    ).toEqual([
      '<iq from="example.com" id="d1" to="juliet@example.com/balcony" type="result">' +
        `<query xmlns="${INFO}"><identity category="server" type="im" name="Parley"/>` +
        '<feature var="http://jabber.org/protocol/caps"/>' +
        `<feature var="${INFO}"/>` +
        '<feature var="http://jabber.org/protocol/disco#items"/>' +
        '<feature var="urn:xmpp:ping"/></query></iq>',
    ]);
  });

  it("answers the caps node#ver like the plain query, and item-not-found for other nodes", async () => {
    const ver = capsVer(server.identities, server.features);
    const node = `${DEFAULT_CAPS_NODE}#${ver}`;
    const [ok] = await send(
      juliet,
      `<iq type='get' id='d2' to='example.com'><query xmlns='${INFO}' node='${node}'/></iq>`,
    );
    expect(ok).toContain(`<query xmlns="${INFO}" node="${node}"><identity`);
    const [bad] = await send(
      juliet,
      `<iq type='get' id='d3' to='example.com'><query xmlns='${INFO}' node='nope'/></iq>`,
    );
    expect(bad).toBe(
      `<iq from="example.com" id="d3" to="juliet@example.com/balcony" type="error"><query xmlns="${INFO}" node="nope"/>` +
        '<error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
    );
  });

  it("includes XEP-0157 contact addresses as a form", async () => {
    const s2 = createFakeServer();
    await discoModule.setup(
      s2.ctx("disco", { contactAddresses: { "admin-addresses": ["mailto:a@example.com"] } }),
    );
    await s2.start();
    const c = s2.connect("juliet@example.com/x");
    await s2.dispatch(
      stanza(`<iq type='get' id='d' to='example.com'><query xmlns='${INFO}'/></iq>`),
      c,
    );
    expect(out(c.take()[0]!)).toContain(
      '<x xmlns="jabber:x:data" type="result"><field var="FORM_TYPE" type="hidden"><value>http://jabber.org/network/serverinfo</value></field><field var="admin-addresses"><value>mailto:a@example.com</value></field></x>',
    );
  });
});

it("before server-started (no registry yet) lists the disco module's own features", async () => {
  const s2 = createFakeServer();
  await discoModule.setup(s2.ctx("disco"));
  s2.ctx("other").addFeature("urn:xmpp:ping");
  const c = s2.connect("juliet@example.com/x");
  await s2.dispatch(
    stanza(`<iq type='get' id='d' to='example.com'><query xmlns='${INFO}'/></iq>`),
    c,
  );
  const reply = out(c.take()[0]!);
  expect(reply).toContain(`<feature var="${INFO}"/>`);
  expect(reply).not.toContain("urn:xmpp:ping");
});

describe("disco#items of the server", () => {
  it("is empty by default, lists configured items, item-not-found for a node", async () => {
    expect(
      await send(
        juliet,
        "<iq type='get' id='i1' to='example.com'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>",
      ),
    ).toEqual([
      '<iq from="example.com" id="i1" to="juliet@example.com/balcony" type="result"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>',
    ]);
    const [bad] = await send(
      juliet,
      "<iq type='get' id='i2' to='example.com'><query xmlns='http://jabber.org/protocol/disco#items' node='x'/></iq>",
    );
    expect(bad).toContain("<item-not-found");
    const s2 = createFakeServer();
    await discoModule.setup(
      s2.ctx("disco", { items: [{ jid: "upload.example.com", name: "Upload" }] }),
    );
    const c = s2.connect("juliet@example.com/x");
    await s2.dispatch(
      stanza(
        "<iq type='get' id='i3' to='example.com'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>",
      ),
      c,
    );
    expect(out(c.take()[0]!)).toContain('<item jid="upload.example.com" name="Upload"/>');
  });
});

describe("disco#info of an account (bare JID)", () => {
  it("the account itself sees identity account/registered", async () => {
    expect(await send(juliet, `<iq type='get' id='a1'><query xmlns='${INFO}'/></iq>`)).toEqual([
      `<iq id="a1" to="juliet@example.com/balcony" type="result"><query xmlns="${INFO}">` +
        '<identity category="account" type="registered"/>' +
        `<feature var="${INFO}"/><feature var="http://jabber.org/protocol/disco#items"/></query></iq>`,
    ]);
  });

  it("a subscribed contact sees it; a stranger or a missing account → service-unavailable", async () => {
    const [stranger] = await send(
      juliet,
      `<iq type='get' id='a2' to='romeo@example.com'><query xmlns='${INFO}'/></iq>`,
    );
    expect(stranger).toContain("<service-unavailable");
    await server.storage.roster.setItem("romeo@example.com", {
      jid: "juliet@example.com",
      subscription: "from",
      groups: [],
    });
    const [contact] = await send(
      juliet,
      `<iq type='get' id='a3' to='romeo@example.com'><query xmlns='${INFO}'/></iq>`,
    );
    expect(contact).toContain('<identity category="account" type="registered"/>');
    const [missing] = await send(
      juliet,
      `<iq type='get' id='a4' to='nobody@example.com'><query xmlns='${INFO}'/></iq>`,
    );
    expect(missing).toBe(
      `<iq from="nobody@example.com" id="a4" to="juliet@example.com/balcony" type="error"><query xmlns="${INFO}"/>` +
        '<error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
    );
  });
});

describe("entity caps stream feature (XEP-0115 §6.3)", () => {
  it("adds <c/> with the ver of the current registry", async () => {
    const features: Element[] = [];
    const event = { session: juliet, stage: "post-auth", features } as StreamFeaturesEvent;
    await server.bus.fire("stream-features", event);
    const ver = capsVer(server.identities, server.features);
    expect(features.map(out)).toEqual([
      `<c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="${DEFAULT_CAPS_NODE}" ver="${ver}"/>`,
    ]);
  });
});
