// Unit tests: node configuration forms, publish-options preconditions, the caps string, the item
// codec (property: any payload survives storage), module config.
import { type Element, xml } from "@parley/xml";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { CapsCache, capsString, notifyNodes, readCaps, sha1Base64 } from "./caps";
import { DEFAULT_PEP_CONFIG, readPepConfig } from "./config";
import { PepConfigError, pubsubCondition } from "./errors";
import { decodePayload, encodePayload } from "./item-codec";
import { applyForm, defaultNodeConfig, itemLimit, preconditionsHold } from "./node-config";

const service = DEFAULT_PEP_CONFIG;
const form = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, [v]]));

describe("node configuration (XEP-0060 §16.4.3)", () => {
  it("applies values and validates them", () => {
    const c = applyForm(
      defaultNodeConfig(service),
      form({
        "pubsub#access_model": "open",
        "pubsub#max_items": "max",
        "pubsub#notify_retract": "0",
      }),
      service,
    );
    expect(c).toMatchObject({ access_model: "open", max_items: "max", notify_retract: false });
    expect(itemLimit(c, service)).toBe(256);
    const bads: Record<string, string>[] = [
      { "pubsub#access_model": "authorize" },
      { "pubsub#max_items": "0" },
      { "pubsub#max_items": "1e3" },
      { "pubsub#persist_items": "yes" },
      { "pubsub#max_items": "100000" },
      { "pubsub#unknown": "1" },
    ];
    for (const bad of bads) {
      expect(() => applyForm(defaultNodeConfig(service), form(bad), service)).toThrow();
    }
  });

  it("preconditions compare values, not spellings (§7.1.5)", () => {
    const c = defaultNodeConfig(service);
    expect(
      preconditionsHold(
        c,
        form({ "pubsub#persist_items": "true", "pubsub#access_model": "presence" }),
        service,
      ),
    ).toBe(true);
    expect(preconditionsHold(c, form({ "pubsub#access_model": "open" }), service)).toBe(false);
    try {
      preconditionsHold(c, form({ "pubsub#nope": "1" }), service);
      expect.unreachable();
    } catch (e) {
      expect(pubsubCondition(e as never)).toBe("precondition-not-met");
    }
  });
});

describe("entity capabilities (XEP-0115 §5)", () => {
  it("computes the §5.2 example verification string", async () => {
    const info = "http://jabber.org/protocol/disco#info";
    const query = xml(
      "query",
      { xmlns: info },
      xml("identity", { category: "client", type: "pc", name: "Exodus 0.9.1" }),
      [
        "http://jabber.org/protocol/caps",
        info,
        "http://jabber.org/protocol/disco#items",
        "http://jabber.org/protocol/muc",
      ].map((v) => xml("feature", { var: v })),
    );
    expect(await sha1Base64(capsString(query))).toBe("QgayPKawpkPSDYmwT/WM94uAlu0=");
  });

  it("caches a client's correct hash when one identity category is a prefix of another", async () => {
    // The identities sort by category, then type (§5.1 step 2): "client" before "client-x".
    // Sorting the joined strings ("client-x/…" < "client/…") gave another hash, and a correct
    // client's caps were never verified nor cached.
    const info = "http://jabber.org/protocol/disco#info";
    const query = () =>
      xml(
        "query",
        { xmlns: info },
        xml("identity", { category: "client-x", type: "a" }),
        xml("identity", { category: "client", type: "pc" }),
        xml("feature", { var: "urn:xmpp:avatar:metadata+notify" }),
      );
    const ver = await sha1Base64("client/pc//<client-x/a//<urn:xmpp:avatar:metadata+notify<");
    let asked = 0;
    const cache = new CapsCache(
      async () => {
        asked += 1;
        return xml("iq", { type: "result" }, query());
      },
      10,
      1000,
    );
    const ref = { node: "https://client.example", ver, hash: "sha-1" };
    const features = await cache.features(ref, "a@b/c", "a@b");
    expect([...(features ?? [])]).toEqual(["urn:xmpp:avatar:metadata+notify"]);
    await vi.waitFor(() => expect(cache.peek(ref)).toBeDefined(), { timeout: 10_000 });
    await cache.features(ref, "d@b/c", "d@b");
    expect(asked).toBe(1);
  });

  it("reads <c/> and +notify features", () => {
    const p = xml(
      "presence",
      null,
      xml("c", { xmlns: "http://jabber.org/protocol/caps", node: "n", ver: "v", hash: "sha-1" }),
    );
    expect(readCaps(p)).toEqual({ node: "n", ver: "v", hash: "sha-1" });
    expect(readCaps(xml("presence"))).toBeUndefined();
    expect([...notifyNodes(new Set(["a+notify", "b", "urn:x+notify"]))]).toEqual(["a", "urn:x"]);
  });
});

describe("item codec", () => {
  it("any payload of names, namespaces, attributes and text survives", () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    const text = fc.string({ maxLength: 20 });
    const leaf = fc.record({ name, ns: fc.constantFrom("urn:a", "urn:b", ""), attr: text, text });
    fc.assert(
      fc.property(name, fc.array(leaf, { maxLength: 4 }), (root, leaves) => {
        const el: Element = xml(
          root,
          { xmlns: "urn:root" },
          leaves.map((l) => xml(l.name, l.ns ? { xmlns: l.ns, a: l.attr } : { a: l.attr }, l.text)),
        );
        const back = decodePayload(encodePayload(el));
        expect(back.toString()).toBe(el.toString());
        expect(back.elements().map((c) => c.ns)).toEqual(el.elements().map((c) => c.ns));
      }),
    );
  });
});

describe("module config", () => {
  it("defaults and validation", () => {
    expect(readPepConfig({})).toEqual(DEFAULT_PEP_CONFIG);
    expect(readPepConfig({ maxItems: 10, defaultMaxItems: 2 })).toMatchObject({
      maxItems: 10,
      defaultMaxItems: 2,
    });
    expect(() => readPepConfig({ maxItems: 0 })).toThrow(PepConfigError);
    expect(() => readPepConfig({ maxItems: "x" })).toThrow(PepConfigError);
    expect(() => readPepConfig({ defaultMaxItems: 5, maxItems: 2 })).toThrow(PepConfigError);
    expect(() => readPepConfig({ typo: 1 })).toThrow(PepConfigError);
  });
});
