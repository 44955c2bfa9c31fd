import { beforeEach, describe, expect, it } from "vitest";
import { privateStorageModule } from "./private-storage";
import {
  type FakeServer,
  type FakeSession,
  createFakeServer,
  out,
  stanza,
} from "./test-support/fake-context";
import { vcardModule } from "./vcard";

const ERR = (cond: string, type: string) =>
  `<error type="${type}"><${cond} xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>`;

let server: FakeServer;
let juliet: FakeSession;
let romeo: FakeSession;

async function send(s: FakeSession, text: string): Promise<string[]> {
  await server.dispatch(stanza(text), s);
  return s.take().map(out);
}

beforeEach(async () => {
  server = createFakeServer();
  await server.storage.accounts.create("juliet@example.com", {});
  await server.storage.accounts.create("romeo@example.com", {});
  juliet = server.connect("juliet@example.com/balcony");
  romeo = server.connect("romeo@example.com/orchard");
});

describe("vcard-temp (XEP-0054)", () => {
  beforeEach(async () => {
    await vcardModule.setup(server.ctx("vcard", { maxBytes: 200 }));
  });

  it("own vCard: item-not-found before any set, then the stored vCard", async () => {
    expect(await send(juliet, "<iq type='get' id='v1'><vCard xmlns='vcard-temp'/></iq>")).toEqual([
      `<iq id="v1" to="juliet@example.com/balcony" type="error"><vCard xmlns="vcard-temp"/>${ERR("item-not-found", "cancel")}</error></iq>`,
    ]);
    expect(
      await send(
        juliet,
        "<iq type='set' id='v2'><vCard xmlns='vcard-temp'><FN>Juliet</FN><N><GIVEN>J</GIVEN></N></vCard></iq>",
      ),
    ).toEqual(['<iq id="v2" to="juliet@example.com/balcony" type="result"/>']);
    expect(await send(juliet, "<iq type='get' id='v3'><vCard xmlns='vcard-temp'/></iq>")).toEqual([
      '<iq id="v3" to="juliet@example.com/balcony" type="result"><vCard xmlns="vcard-temp"><FN>Juliet</FN><N><GIVEN>J</GIVEN></N></vCard></iq>',
    ]);
  });

  it("another user's vCard by bare JID; missing vCard or account → service-unavailable", async () => {
    expect(
      await send(
        romeo,
        "<iq type='get' id='r1' to='juliet@example.com'><vCard xmlns='vcard-temp'/></iq>",
      ),
    ).toEqual([
      `<iq from="juliet@example.com" id="r1" to="romeo@example.com/orchard" type="error"><vCard xmlns="vcard-temp"/>${ERR("service-unavailable", "cancel")}</error></iq>`,
    ]);
    await send(
      juliet,
      "<iq type='set' id='v2'><vCard xmlns='vcard-temp'><FN>Juliet</FN></vCard></iq>",
    );
    expect(
      await send(
        romeo,
        "<iq type='get' id='r2' to='juliet@example.com'><vCard xmlns='vcard-temp'/></iq>",
      ),
    ).toEqual([
      '<iq from="juliet@example.com" id="r2" to="romeo@example.com/orchard" type="result"><vCard xmlns="vcard-temp"><FN>Juliet</FN></vCard></iq>',
    ]);
    const [nobody] = await send(
      romeo,
      "<iq type='get' id='r3' to='nobody@example.com'><vCard xmlns='vcard-temp'/></iq>",
    );
    expect(nobody).toContain("<service-unavailable");
  });

  it("setting another user's vCard is forbidden and changes nothing", async () => {
    const [reply] = await send(
      romeo,
      "<iq type='set' id='r4' to='juliet@example.com'><vCard xmlns='vcard-temp'><FN>Romeo</FN></vCard></iq>",
    );
    expect(reply).toContain(ERR("forbidden", "auth"));
    expect(await server.storage.kv.get("vcard", "juliet@example.com", "vcard")).toBeUndefined();
  });

  it("refuses a vCard over the size limit with not-acceptable; an empty set deletes", async () => {
    const big = "x".repeat(300);
    const [reply] = await send(
      juliet,
      `<iq type='set' id='v5'><vCard xmlns='vcard-temp'><DESC>${big}</DESC></vCard></iq>`,
    );
    expect(reply).toContain(ERR("not-acceptable", "modify"));
    await send(juliet, "<iq type='set' id='v6'><vCard xmlns='vcard-temp'><FN>J</FN></vCard></iq>");
    await send(juliet, "<iq type='set' id='v7'><vCard xmlns='vcard-temp'/></iq>");
    const [get] = await send(juliet, "<iq type='get' id='v8'><vCard xmlns='vcard-temp'/></iq>");
    expect(get).toContain("<item-not-found");
  });

  it("keeps prefixed vCard content parseable", async () => {
    await send(
      juliet,
      "<iq type='set' id='p' xmlns:v='vcard-temp'><v:vCard><v:FN>J</v:FN></v:vCard></iq>",
    );
    const [get] = await send(juliet, "<iq type='get' id='v9'><vCard xmlns='vcard-temp'/></iq>");
    expect(get).toContain('<v:vCard xmlns:v="vcard-temp"><v:FN>J</v:FN></v:vCard>');
  });
});

describe("private XML storage (XEP-0049)", () => {
  beforeEach(async () => {
    await privateStorageModule.setup(server.ctx("private"));
  });

  it("stores and returns fragments by name and namespace", async () => {
    expect(
      await send(
        juliet,
        "<iq type='set' id='1001'><query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'><defaultnick>Hamlet</defaultnick></exodus></query></iq>",
      ),
    ).toEqual(['<iq id="1001" to="juliet@example.com/balcony" type="result"/>']);
    expect(
      await send(
        juliet,
        "<iq type='get' id='1002'><query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'/></query></iq>",
      ),
    ).toEqual([
      '<iq id="1002" to="juliet@example.com/balcony" type="result"><query xmlns="jabber:iq:private"><exodus xmlns="exodus:prefs"><defaultnick>Hamlet</defaultnick></exodus></query></iq>',
    ]);
    // Same namespace, other element name: a separate key, empty when never stored.
    expect(
      await send(
        juliet,
        "<iq type='get' id='1003'><query xmlns='jabber:iq:private'><other xmlns='exodus:prefs'/></query></iq>",
      ),
    ).toEqual([
      '<iq id="1003" to="juliet@example.com/balcony" type="result"><query xmlns="jabber:iq:private"><other xmlns="exodus:prefs"/></query></iq>',
    ]);
  });

  it("stores several fragments of one set", async () => {
    await send(
      juliet,
      "<iq type='set' id='s'><query xmlns='jabber:iq:private'><a xmlns='urn:a'>1</a><b xmlns='urn:b'>2</b></query></iq>",
    );
    expect(
      (await server.storage.kv.entries("private", "juliet@example.com")).map(([k]) => k),
    ).toEqual(["a urn:a", "b urn:b"]);
  });

  it("another user's data → forbidden", async () => {
    const [reply] = await send(
      romeo,
      "<iq type='get' id='1003' to='juliet@example.com'><query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'/></query></iq>",
    );
    expect(reply).toContain(ERR("forbidden", "auth"));
  });

  it.each([
    ["an empty get", "get", ""],
    ["an empty set", "set", ""],
    ["a reserved jabber: namespace", "set", "<q xmlns='jabber:iq:roster'/>"],
    [
      "a reserved http://jabber.org/ namespace",
      "get",
      "<q xmlns='http://jabber.org/protocol/muc'/>",
    ],
    ["vcard-temp", "set", "<vCard xmlns='vcard-temp'/>"],
    ["a child without a namespace of its own", "set", "<prefs/>"],
    ["two elements in one get", "get", "<a xmlns='urn:a'/><b xmlns='urn:b'/>"],
  ])("%s → not-acceptable", async (_name, type, payload) => {
    const [reply] = await send(
      juliet,
      `<iq type='${type}' id='x'><query xmlns='jabber:iq:private'>${payload}</query></iq>`,
    );
    expect(reply).toContain(ERR("not-acceptable", "modify"));
    expect(await server.storage.kv.entries("private", "juliet@example.com")).toEqual([]);
  });
});
