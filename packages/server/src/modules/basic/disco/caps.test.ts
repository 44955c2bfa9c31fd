import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capsInput, capsVer } from "./caps";

describe("XEP-0115 §5 verification string", () => {
  it("matches the §5.2 simple example", () => {
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
    expect(capsVer(identities, features)).toBe("QgayPKawpkPSDYmwT/WM94uAlu0=");
  });

  it("matches the §5.3 complex example (two identities with xml:lang, one form)", () => {
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
    expect(capsVer(identities, features, forms)).toBe("q07IKJEyjvHSyhy//CH0CxmKi8w=");
  });

  it("does not depend on the order identities and features are declared in", () => {
    const a = capsVer([{ category: "server", type: "im" }], ["b", "a", "c"]);
    const b = capsVer([{ category: "server", type: "im" }], ["c", "a", "b", "a"]);
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
        expect(capsVer([...ids].reverse(), [...shuffled, ...shuffled])).toBe(
          capsVer(ids, features),
        );
      }),
    );
  });
});
