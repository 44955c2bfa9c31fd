import { serialize, xml } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { parseXml } from "../test/parse-xml";
import { MessageView, message, NS, StanzaError } from "./index";

const view = (s: string) => new MessageView(parseXml(s));

describe("MessageView", () => {
  it("treats a missing or unknown type as normal (RFC 6121 §5.2.2)", () => {
    for (const t of ["chat", "error", "groupchat", "headline", "normal"]) {
      expect(view(`<message xmlns="jabber:client" type="${t}"/>`).type).toBe(t);
    }
    for (const s of ['type=""', 'type="CHAT"', 'type="chat "', ""]) {
      expect(view(`<message xmlns="jabber:client" ${s}/>`).type).toBe("normal");
    }
  });

  it("picks the body in the stanza's language, else the unmarked one, else the first", () => {
    expect(
      view(
        '<message xmlns="jabber:client" xml:lang="cs"><body xml:lang="en">a</body><body>b</body></message>',
      ).body,
    ).toBe("b");
    expect(
      view(
        '<message xmlns="jabber:client" xml:lang="cs"><body xml:lang="en">a</body><body xml:lang="cs">b</body></message>',
      ).body,
    ).toBe("b");
    expect(
      view(
        '<message xmlns="jabber:client"><body xml:lang="en">a</body><body xml:lang="de">b</body></message>',
      ).body,
    ).toBe("a");
    expect(view('<message xmlns="jabber:client"><body/></message>').body).toBe("");
    expect(view('<message xmlns="jabber:client"/>').body).toBeUndefined();
    expect([
      ...view(
        '<message xmlns="jabber:client"><body>x</body><body xml:lang="fr">y</body></message>',
      ).bodies(),
    ]).toEqual([
      ["", "x"],
      ["fr", "y"],
    ]);
  });

  it("ignores a body in another namespace (an extension's <body/> is not the message body)", () => {
    const m = view(
      '<message xmlns="jabber:client"><body xmlns="urn:example:other">no</body></message>',
    );
    expect(m.body).toBeUndefined();
    expect(m.bodies().size).toBe(0);
  });

  it("validate() rejects duplicate languages, two threads, and an error without <error/>", () => {
    const bad = [
      '<message xmlns="jabber:client"><body>a</body><body>b</body></message>',
      '<message xmlns="jabber:client" xml:lang="en"><body>a</body><body xml:lang="en">b</body></message>',
      '<message xmlns="jabber:client"><subject xml:lang="de">a</subject><subject xml:lang="de">b</subject></message>',
      '<message xmlns="jabber:client"><thread>a</thread><thread>b</thread></message>',
      '<message xmlns="jabber:client" type="error"/>',
    ];
    for (const s of bad) {
      const err = (() => {
        try {
          view(s).validate();
        } catch (e) {
          return e;
        }
      })();
      expect(err, s).toBeInstanceOf(StanzaError);
      expect((err as StanzaError).condition).toBe("bad-request");
    }
  });

  it("MessageView.from refuses other elements", () => {
    expect(() => MessageView.from(xml("presence"))).toThrow(TypeError);
  });

  it("reads and checks JIDs only when asked (to/from stay raw strings)", () => {
    const m = view(
      '<message xmlns="jabber:client" from="Juliet@Example.COM/Balcony" to="bad@@example.com"/>',
    );
    expect(m.from).toBe("Juliet@Example.COM/Balcony");
    expect(m.fromJid?.toString()).toBe("juliet@example.com/Balcony");
    expect(m.to).toBe("bad@@example.com");
    try {
      void m.toJid;
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StanzaError);
      expect((e as StanzaError).condition).toBe("jid-malformed");
      expect((e as StanzaError).type).toBe("modify");
      expect((e as StanzaError).cause).toBeInstanceOf(Error);
    }
    expect(view('<message xmlns="jabber:client"/>').toJid).toBeUndefined();
  });
});

describe("message()", () => {
  it("builds a minimal message in jabber:client", () => {
    expect(serialize(message())).toBe('<message xmlns="jabber:client"/>');
    expect(serialize(message({ ns: NS.SERVER, to: "a@b" }))).toBe(
      '<message xmlns="jabber:server" to="a@b"/>',
    );
  });

  it("accepts JID objects and keeps extension children after the standard ones", () => {
    const to = { domain: "example.com", toString: () => "juliet@example.com" };
    const el = message({ to, body: "x" }, xml("request", { xmlns: NS.RECEIPTS }), null, [
      xml("store", { xmlns: NS.HINTS }),
    ]);
    expect(serialize(el)).toBe(
      '<message xmlns="jabber:client" to="juliet@example.com"><body>x</body><request xmlns="urn:xmpp:receipts"/><store xmlns="urn:xmpp:hints"/></message>',
    );
  });

  it("escapes text and keeps an empty body", () => {
    const el = message({ body: "<b>&</b>", subject: "" });
    expect(serialize(el)).toBe(
      '<message xmlns="jabber:client"><subject/><body>&lt;b&gt;&amp;&lt;/b&gt;</body></message>',
    );
    expect(new MessageView(el).body).toBe("<b>&</b>");
  });

  it("rejects a type outside RFC 6121 §5.2.2 and a parent thread without a thread", () => {
    expect(() => message({ type: "shout" as "chat" })).toThrow(TypeError);
    expect(() => message({ parentThread: "p" })).toThrow(TypeError);
  });
});
