import { type Element, serialize, xml } from "@parley/xml";
import { expect } from "vitest";
import { MessageView, message, NS, StanzaError } from "../../src/index";
import { compact } from "../golden";

export const messageCases: Record<string, (el: Element) => void> = {
  "message-chat.xml": (el) => {
    const m = MessageView.from(el);
    expect([m.id, m.from, m.to, m.type, m.lang]).toEqual([
      "ktx72v49",
      "juliet@example.com/balcony",
      "romeo@example.net",
      "chat",
      "en",
    ]);
    expect(m.body).toBe("Art thou not Romeo, and a Montague?");
    expect([m.subject, m.thread, m.parentThread, m.error]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    m.validate();
    const built = message({
      from: "juliet@example.com/balcony",
      id: "ktx72v49",
      to: "romeo@example.net",
      type: "chat",
      lang: "en",
      body: "Art thou not Romeo, and a Montague?",
    });
    expect(serialize(built)).toBe(serialize(compact(el)));
  },

  "message-bodies-xml-lang.xml": (el) => {
    const m = new MessageView(el);
    expect(m.body).toBe("Wherefore art thou, Romeo?");
    expect([...m.bodies()]).toEqual([
      ["en", "Wherefore art thou, Romeo?"],
      ["cs", "Pročež jsi ty, Romeo?"],
      ["de", "Warum bist du Romeo?"],
    ]);
    m.validate();
  },

  "message-subject-thread.xml": (el) => {
    const m = new MessageView(el);
    expect(m.subject).toBe("I implore you!");
    expect(m.subjects().get("cs")).toBe("Úpěnlivě prosím!");
    expect(m.bodies().size).toBe(2);
    expect(m.thread).toBe("0e3141cd80894871a68e6fe6b1ec56fa");
    expect(m.parentThread).toBe("e0ffe42b28561960c6b12b944a092794b9683a38");
    m.validate();
  },

  "message-compact-built.xml": (el) => {
    const built = message(
      {
        from: "juliet@example.com/balcony",
        id: "b4vs9km4",
        to: "romeo@example.net",
        type: "chat",
        lang: "en",
        subject: "Hi",
        body: "Neither, fair saint, if either thee dislike.",
        bodies: { fr: "Ni l'un ni l'autre, si l'un ou l'autre te déplaît." },
        thread: "t1",
        parentThread: "p1",
      },
      xml("active", { xmlns: NS.CHATSTATES }),
    );
    expect(serialize(built)).toBe(serialize(el));
    expect(new MessageView(built).bodies().get("fr")).toContain("l'un");
  },

  "message-unknown-extensions.xml": (el) => {
    const m = new MessageView(el);
    expect(m.body).toBe(
      "I take thee at thy word: call me but love & I'll be new baptized; <henceforth> I never will be Romeo.",
    );
    expect(m.child("active", NS.CHATSTATES)).toBeDefined();
    expect(m.child("origin-id", NS.SID)?.attr("id")).toBe("de305d54-75b4-431b-adb2-eb6b9e546014");
    expect(m.child("x", "urn:example:future")?.getChild("nested")?.text()).toBe("deep  mixed");
    expect(el.attr("data-client")).toBe("x & <y>");
    m.validate();
  },

  "message-groupchat-muc.xml": (el) => {
    const m = new MessageView(el);
    expect(m.type).toBe("groupchat");
    expect(m.body).toBe("Harpier cries: 'tis time, 'tis time.");
    expect(m.child("stanza-id", NS.SID)?.attr("by")).toBe("coven@chat.shakespeare.lit");
    expect(m.child("delay", NS.DELAY)?.attr("stamp")).toBe("2002-10-13T23:58:37Z");
  },

  "message-carbon-received.xml": (el) => {
    const outer = new MessageView(el);
    expect(outer.body).toBeUndefined();
    const inner = outer
      .child("received", NS.CARBONS)
      ?.getChild("forwarded", NS.FORWARD)
      ?.getChild("message", NS.CLIENT);
    const m = MessageView.from(inner!);
    expect(m.from).toBe("juliet@capulet.example/balcony");
    expect(m.body).toContain("bescreen'd in night");
    expect(m.thread).toBe("0e3141cd80894871a68e6fe6b1ec56fa");
  },

  "message-headline-pubsub.xml": (el) => {
    const m = new MessageView(el);
    expect(m.type).toBe("headline");
    const items = m.child("event", NS.PUBSUB_EVENT)?.getChild("items");
    expect(items?.attr("node")).toBe("princely_musings");
    expect(
      items
        ?.getChild("item")
        ?.getChild("entry", "http://www.w3.org/2005/Atom")
        ?.getChildText("title"),
    ).toBe("Soliloquy");
  },

  "message-no-type.xml": (el) => {
    const m = new MessageView(el);
    expect([m.type, m.rawType, m.id, m.from]).toEqual(["normal", undefined, undefined, undefined]);
    expect(serialize(message({ to: "romeo@example.net", body: "Normal by default." }))).toBe(
      serialize(el),
    );
  },

  "message-unknown-type.xml": (el) => {
    const m = new MessageView(el);
    expect([m.type, m.rawType]).toEqual(["normal", "shout"]); // RFC 6121 §5.2.2
    m.validate();
  },

  "message-error-service-unavailable.xml": (el) => {
    const m = new MessageView(el);
    expect(m.type).toBe("error");
    const e = m.error!;
    expect(e).toBeInstanceOf(StanzaError);
    expect([e.condition, e.type, e.text, e.by]).toEqual([
      "service-unavailable",
      "cancel",
      undefined,
      undefined,
    ]);
    m.validate();
  },
};
