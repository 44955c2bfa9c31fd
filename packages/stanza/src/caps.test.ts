import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseXml } from "../test/parse-xml";
import { capsAcceptable, capsHash, capsInput, capsInputOf, capsVerifies } from "./caps";

const capsVer = (...args: Parameters<typeof capsInput>) => capsHash(capsInput(...args));

describe("XEP-0115 §5 verification string", () => {
  it("matches the §5.2 simple example", async () => {
    const identities = [{ category: "client", type: "pc", name: "Exodus 0.9.1" }];
    const features = [
      "http://jabber.org/protocol/disco#info",
      "http://jabber.org/protocol/disco#items",
      "http://jabber.org/protocol/muc",
      "http://jabber.org/protocol/caps",
    ];
    expect(capsInput(identities, features)).toBe(
      "client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<" +
        "http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<" +
        "http://jabber.org/protocol/muc<",
    );
    expect(await capsVer(identities, features)).toBe("QgayPKawpkPSDYmwT/WM94uAlu0=");
  });

  it("matches the §5.3 complex example (two identities with xml:lang, one form)", async () => {
    const identities = [
      { category: "client", type: "pc", lang: "en", name: "Psi 0.11" },
      { category: "client", type: "pc", lang: "el", name: "Ψ 0.11" },
    ];
    const features = [
      "http://jabber.org/protocol/caps",
      "http://jabber.org/protocol/disco#info",
      "http://jabber.org/protocol/disco#items",
      "http://jabber.org/protocol/muc",
    ];
    const forms = [
      {
        formType: "urn:xmpp:dataforms:softwareinfo",
        fields: {
          ip_version: ["ipv6", "ipv4"],
          os: ["Mac"],
          os_version: ["10.5.1"],
          software: ["Psi"],
          software_version: ["0.11"],
        },
      },
    ];
    expect(capsInput(identities, features, forms)).toBe(
      "client/pc/el/Ψ 0.11<client/pc/en/Psi 0.11<http://jabber.org/protocol/caps<" +
        "http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<" +
        "http://jabber.org/protocol/muc<urn:xmpp:dataforms:softwareinfo<" +
        "ip_version<ipv4<ipv6<os<Mac<os_version<10.5.1<software<Psi<software_version<0.11<",
    );
    expect(await capsVer(identities, features, forms)).toBe("q07IKJEyjvHSyhy//CH0CxmKi8w=");
  });

  it("does not depend on the order identities and features are declared in", async () => {
    const a = await capsVer([{ category: "server", type: "im" }], ["b", "a", "c"]);
    const b = await capsVer([{ category: "server", type: "im" }], ["c", "a", "b", "a"]);
    expect(a).toBe(b);
  });

  it("sorts identities by category before type (not by the joined string)", () => {
    const s = capsInput(
      [
        { category: "client-x", type: "a" },
        { category: "client", type: "z" },
      ],
      [],
    );
    expect(s).toBe("client/z//<client-x/a//<");
  });

  it("sorts by UTF-8 octets, not UTF-16 code units", () => {
    // U+FF5E (EF BD 9E) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16.
    expect(capsInput([], ["\u{1F600}", "\uFF5E"])).toBe("\uFF5E<\u{1F600}<");
  });
});

describe("capsVer properties", () => {
  it("is the same for any order and repetition of the same features and identities", () => {
    const feature = fc.stringMatching(/^[a-z:#/.]{1,12}$/);
    fc.assert(
      fc.property(fc.uniqueArray(feature, { maxLength: 8 }), fc.integer(), (features, seed) => {
        const shuffled = [...features].sort(
          () => ((seed = (seed * 1103515245 + 12345) | 0) & 1) - 0.5,
        );
        const ids = [
          { category: "server", type: "im", name: "A" },
          { category: "pubsub", type: "pep" },
        ];
        expect(capsInput([...ids].reverse(), [...shuffled, ...shuffled])).toBe(
          capsInput(ids, features),
        );
      }),
    );
  });
});

describe("XEP-0115 §5.4 verification of a disco#info result", () => {
  const complex = `<query xmlns='http://jabber.org/protocol/disco#info' node='http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w='>
  <identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>
  <identity xml:lang='el' category='client' name='Ψ 0.11' type='pc'/>
  <feature var='http://jabber.org/protocol/caps'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='http://jabber.org/protocol/disco#items'/>
  <feature var='http://jabber.org/protocol/muc'/>
  <x xmlns='jabber:x:data' type='result'>
    <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>
    <field var='ip_version'><value>ipv4</value><value>ipv6</value></field>
    <field var='os'><value>Mac</value></field>
    <field var='os_version'><value>10.5.1</value></field>
    <field var='software'><value>Psi</value></field>
    <field var='software_version'><value>0.11</value></field>
  </x>
</query>`;

  it("verifies the §5.3 example as XML", async () => {
    expect(await capsVerifies(parseXml(complex), "q07IKJEyjvHSyhy//CH0CxmKi8w=")).toBe(true);
    expect(await capsVerifies(parseXml(complex), "QgayPKawpkPSDYmwT/WM94uAlu0=")).toBe(false);
  });

  it("verifies the §5.2 example as XML", async () => {
    const query = parseXml(`<query xmlns='http://jabber.org/protocol/disco#info'>
      <identity category='client' name='Exodus 0.9.1' type='pc'/>
      <feature var='http://jabber.org/protocol/caps'/>
      <feature var='http://jabber.org/protocol/disco#info'/>
      <feature var='http://jabber.org/protocol/disco#items'/>
      <feature var='http://jabber.org/protocol/muc'/></query>`);
    expect(await capsVerifies(query, "QgayPKawpkPSDYmwT/WM94uAlu0=")).toBe(true);
  });

  it("orders identities by category first when one category is a prefix of another", async () => {
    // Sorting the joined strings would put "client-x/…" first ('-' < '/'): a different hash.
    const query = parseXml(`<query xmlns='http://jabber.org/protocol/disco#info'>
      <identity category='client-x' type='a'/><identity category='client' type='z'/>
      <identity category='gateway' type='sms-x'/><identity category='gateway' type='sms'/>
      <feature var='urn:x'/></query>`);
    const expected = "client/z//<client-x/a//<gateway/sms//<gateway/sms-x//<urn:x<";
    expect(capsInputOf(query)).toBe(expected);
    expect(await capsVerifies(query, await capsHash(expected))).toBe(true);
  });

  it("refuses results §5.4 says must not be accepted", () => {
    const wrap = (body: string) =>
      parseXml(`<query xmlns='http://jabber.org/protocol/disco#info'>${body}</query>`);
    const form = (type: string, hidden = true) =>
      `<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'${hidden ? " type='hidden'" : ""}><value>${type}</value></field></x>`;
    expect(capsAcceptable(wrap("<identity category='a' type='b'/><feature var='f'/>"))).toBe(true);
    expect(
      capsAcceptable(wrap("<identity category='a' type='b'/><identity category='a' type='b'/>")),
    ).toBe(false);
    expect(capsAcceptable(wrap("<feature var='f'/><feature var='f'/>"))).toBe(false);
    expect(capsAcceptable(wrap(form("urn:t") + form("urn:t")))).toBe(false);
    expect(capsAcceptable(wrap(form("urn:t", false)))).toBe(false);
    expect(capsAcceptable(wrap(form("urn:t") + form("urn:u")))).toBe(true);
  });
});
