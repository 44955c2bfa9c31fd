import { type Element, serialize, xml } from "@parley/xml";
import { expect } from "vitest";
import { IqView, iq, NS, StanzaError } from "../../src/index";
import { compact } from "../golden";

function condition(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StanzaError);
    return (e as StanzaError).condition;
  }
  return "no error";
}

export const iqCases: Record<string, (el: Element) => void> = {
  "iq-roster-get.xml": (el) => {
    const q = IqView.from(el);
    expect([q.type, q.id, q.isRequest, q.payloadNs]).toEqual(["get", "bv1bs71f", true, NS.ROSTER]);
    expect(q.payload?.attr("ver")).toBe("ver7");
    q.validate();
  },

  "iq-roster-result.xml": (el) => {
    const q = new IqView(el);
    expect(q.type).toBe("result");
    const items = q.payload!.getChildren("item", NS.ROSTER);
    expect(items.map((i) => i.attr("jid"))).toEqual([
      "romeo@example.net",
      "mercutio@example.com",
      "benvolio@example.net",
    ]);
    expect(items[0]!.getChildText("group")).toBe("Friends");
  },

  "iq-roster-push.xml": (el) => {
    // Built top-down: @parley/xml's append() passes the namespace to direct children only.
    const item = xml("item", { jid: "nurse@example.com", name: "Nurse", subscription: "none" });
    const query = xml("query", { xmlns: NS.ROSTER, ver: "ver13" }, item);
    item.append(xml("group", null, "Servants"));
    const built = iq({ id: "a78b4q6ha463", to: "juliet@example.com/chamber", type: "set" }, query);
    expect(serialize(built)).toBe(serialize(el));
    new IqView(el).validate();
  },

  "iq-bind-result.xml": (el) => {
    const q = new IqView(el);
    expect(q.payload?.getChildText("jid", NS.BIND)).toBe("juliet@im.example.com/balcony");
    expect([q.to, q.from]).toEqual([undefined, undefined]);
  },

  "iq-ping-get.xml": (el) => {
    const q = new IqView(el);
    expect(q.payloadNs).toBe(NS.PING);
    const built = iq(
      { from: "capulet.lit", id: "s2c1", to: "juliet@capulet.lit/balcony", type: "get" },
      xml("ping", { xmlns: NS.PING }),
    );
    expect(serialize(built)).toBe(serialize(el));
  },

  "iq-result-empty.xml": (el) => {
    const q = new IqView(el);
    expect([q.type, q.payload, q.isRequest]).toEqual(["result", undefined, false]);
    q.validate();
  },

  "iq-invalid-two-children.xml": (el) => {
    const q = new IqView(el);
    expect(q.type).toBe("set");
    expect(condition(() => q.payload)).toBe("bad-request"); // RFC 6120 §8.2.3 rule 4
    expect(condition(() => q.validate())).toBe("bad-request");
  },

  "iq-error-feature-not-implemented.xml": (el) => {
    const q = new IqView(el);
    expect(q.payload?.name).toBe("ping"); // the original request echoed back
    expect(q.error?.condition).toBe("feature-not-implemented");
    q.validate();
  },

  "iq-error-pubsub-app-specific.xml": (el) => {
    const e = new IqView(el).error!;
    expect([e.condition, e.type, e.by, e.text, e.lang]).toEqual([
      "bad-request",
      "modify",
      "pubsub.shakespeare.lit",
      "A node id is needed here",
      "en",
    ]);
    expect(e.application?.name).toBe("nodeid-required");
    expect(e.application?.ns).toBe(NS.PUBSUB_ERRORS);
    expect(new IqView(el).payload).toBeUndefined();
  },

  "iq-error-gone.xml": (el) => {
    const e = new IqView(el).error!;
    expect([e.condition, e.redirect, e.by]).toEqual([
      "gone",
      "xmpp:romeo@afterwards.example",
      "example.net",
    ]);
  },

  "iq-error-redirect.xml": (el) => {
    const e = new IqView(el).error!;
    expect([e.condition, e.type, e.redirect]).toEqual([
      "redirect",
      "modify",
      "xmpp:characters@conference.example.org",
    ]);
  },

  "iq-error-unknown-condition.xml": (el) => {
    const e = new IqView(el).error!;
    expect([e.condition, e.type, e.code, e.text]).toEqual([
      "undefined-condition",
      "wait",
      "999",
      "from a newer server",
    ]);
    expect(e.unknownCondition?.attr("extra")).toBe("kept");
  },

  "iq-error-app-only.xml": (el) => {
    const e = new IqView(el).error!;
    expect([e.condition, e.type, e.application?.ns]).toEqual([
      "undefined-condition",
      "modify",
      NS.BLOCKING_ERRORS,
    ]);
    expect(e.unknownCondition).toBeUndefined();
  },

  "iq-vcard-result.xml": (el) => {
    const card = new IqView(el).payload!;
    expect(card.getChild("N", NS.VCARD)?.getChildText("FAMILY")).toBe("Miller");
    expect(card.getChildText("DESC")).toBe("Note: <none> & nothing else");
  },

  "iq-disco-info-result.xml": (el) => {
    const q = new IqView(el);
    expect(q.lang).toBe("en");
    const features = q.payload!.getChildren("feature", NS.DISCO_INFO).map((f) => f.attr("var"));
    expect(features).toEqual([NS.DISCO_INFO, NS.MUC]);
    expect(q.payload!.getChild("x", NS.DATA_FORMS)?.getChildren("field")).toHaveLength(2);
  },

  "iq-server-ns.xml": (el) => {
    const q = new IqView(el);
    expect([el.ns, q.type, q.payloadNs]).toEqual([NS.SERVER, "get", NS.DISCO_INFO]);
    const built = iq(
      { ns: NS.SERVER, from: "example.net", id: "s2s1", to: "example.com", type: "get" },
      xml("query", { xmlns: NS.DISCO_INFO }),
    );
    expect(serialize(built)).toBe(serialize(compact(el)));
  },
};
