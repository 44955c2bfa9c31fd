import { jid } from "@parley/jid";
import { StanzaError } from "@parley/stanza";
import { xml } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { bareMessagePlan, mostAvailable, unboundResourceRule } from "./delivery-rules";
import { SessionRegistry } from "./registry";
import { UnreachableRemote } from "./remote";
import { RouteTable, type RouteTarget } from "./route-table";
import { LocalSessionDirectory } from "./session-directory";

const target = (name: string): RouteTarget<string[]> & { name: string } => ({
  name,
  deliver: async (log) => {
    log.push(name);
  },
});

describe("RouteTable", () => {
  const make = () =>
    new RouteTable<string[]>((d) => d === "example.com", {
      host: target("host"),
      bare: target("bare"),
      full: target("full"),
      remote: target("remote"),
    });

  it.each([
    ["example.com", "host"],
    ["a@example.com", "bare"],
    ["a@example.com/r", "full"],
    ["a@other.org", "remote"],
  ])("routes %s to %s", async (to, want) => {
    const route = make().lookup(jid(to));
    expect(route.kind).toBe(want);
    const log: string[] = [];
    await route.target.deliver(log);
    expect(log).toEqual([want]);
  });

  it("gives a domain of its own precedence, until removed, and replaces a destination", async () => {
    const table = make();
    const remove = table.addDomain("muc.example.com", target("component"));
    expect(table.lookup(jid("room@muc.example.com/nick")).kind).toBe("domain");
    remove();
    expect(table.lookup(jid("room@muc.example.com/nick")).kind).toBe("remote");
    const s2s = target("s2s");
    table.setTarget("remote", s2s);
    expect(table.lookup(jid("other.org")).target).toBe(s2s);
    expect(table.targetFor(jid("other.org"))).toBe(s2s);
    table.addDomain("muc.example.com", s2s);
    expect(table.targetFor(jid("muc.example.com"))).toBe(s2s);
  });
});

describe("UnreachableRemote", () => {
  it("rejects with remote-server-not-found (RFC 6120 §10.4.3)", async () => {
    const err = await new UnreachableRemote()
      .deliver(xml("message", { to: "a@other.org" }), jid("a@other.org"))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StanzaError);
    expect((err as StanzaError).condition).toBe("remote-server-not-found");
  });
});

describe("LocalSessionDirectory", () => {
  it("answers from the registry", async () => {
    const registry = new SessionRegistry<string>();
    registry.bind(jid("a@x/one"), "s1");
    const dir = new LocalSessionDirectory(registry);
    expect(await dir.get(jid("a@x/one"))).toBe("s1");
    expect(await dir.get(jid("a@x/two"))).toBeUndefined();
    expect(await dir.of(jid("a@x"))).toEqual(["s1"]);
  });
});

describe("RFC 6121 §8.5 rules", () => {
  const r = (priority: number) => ({ priority });
  it("§8.5.2.1.1: the most available resources, ties included, never negative", () => {
    const [a, b, c] = [r(5), r(5), r(1)];
    expect(mostAvailable([a, b, c])).toEqual([a, b]);
    expect(mostAvailable([r(-1)])).toEqual([]);
    expect(mostAvailable([])).toEqual([]);
  });

  it("§8.5.2: message to a bare JID by type", () => {
    const hi = r(1);
    const neg = r(-1);
    expect(bareMessagePlan("chat", [hi, neg])).toEqual({ action: "send", targets: [hi] });
    expect(bareMessagePlan("normal", [neg])).toEqual({ action: "offline" });
    expect(bareMessagePlan("headline", [hi, r(0), neg])).toEqual({
      action: "send",
      targets: [hi, r(0)],
    });
    expect(bareMessagePlan("headline", [neg])).toEqual({ action: "drop" });
    expect(bareMessagePlan("groupchat", [hi])).toEqual({ action: "bounce" });
    expect(bareMessagePlan("error", [hi])).toEqual({ action: "drop" });
  });

  it.each([
    ["message", "groupchat", "bounce"],
    ["message", "error", "drop"],
    ["message", "chat", "as-bare"],
    ["message", "headline", "as-bare"],
    ["presence", "subscribe", "as-bare"],
    ["presence", "probe", "as-bare"],
    ["presence", "available", "drop"],
    ["presence", "unavailable", "drop"],
    ["presence", "error", "drop"],
  ] as const)("§8.5.3.2: %s of type %s to an unbound resource → %s", (kind, type, want) => {
    expect(unboundResourceRule(kind, type)).toBe(want);
  });
});
