import { Jid } from "@parley/jid";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { candidates, isBlocked } from "./matching";

describe("XEP-0191 §2 JID matching", () => {
  it("lists the candidates most specific first, with parent domains", () => {
    expect(candidates(Jid.parse("romeo@chat.montague.net/orchard"))).toEqual([
      "romeo@chat.montague.net/orchard",
      "romeo@chat.montague.net",
      "chat.montague.net/orchard",
      "chat.montague.net",
      "montague.net",
    ]);
    expect(candidates(Jid.parse("montague.net"))).toEqual(["montague.net"]);
  });

  it("a full JID item matches only that resource; a bare item every resource", () => {
    const full = new Set(["romeo@montague.net/orchard"]);
    expect(isBlocked(full, Jid.parse("romeo@montague.net/orchard"))).toBe(true);
    expect(isBlocked(full, Jid.parse("romeo@montague.net/garden"))).toBe(false);
    expect(isBlocked(full, Jid.parse("romeo@montague.net"))).toBe(false);
    const bare = new Set(["romeo@montague.net"]);
    expect(isBlocked(bare, Jid.parse("romeo@montague.net/garden"))).toBe(true);
    expect(isBlocked(bare, Jid.parse("benvolio@montague.net"))).toBe(false);
  });

  it("a domain item matches its users, resources and subdomains, not look-alikes", () => {
    const domain = new Set(["montague.net"]);
    expect(isBlocked(domain, Jid.parse("romeo@montague.net/x"))).toBe(true);
    expect(isBlocked(domain, Jid.parse("montague.net/x"))).toBe(true);
    expect(isBlocked(domain, Jid.parse("a@chat.montague.net"))).toBe(true);
    expect(isBlocked(domain, Jid.parse("a@evilmontague.net"))).toBe(false);
    expect(isBlocked(new Set(["montague.net/x"]), Jid.parse("montague.net/x"))).toBe(true);
    // XEP-0016 order: the domain/resource form of u@montague.net/x is montague.net/x.
    expect(isBlocked(new Set(["montague.net/x"]), Jid.parse("u@montague.net/x"))).toBe(true);
    expect(isBlocked(new Set(["montague.net/x"]), Jid.parse("u@montague.net/y"))).toBe(false);
  });

  it("every address is blocked by its own bare JID and domain, never by an empty list", () => {
    const part = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
    fc.assert(
      fc.property(part, part, part, (local, domain, resource) => {
        const address = Jid.parse(`${local}@${domain}.example/${resource}`);
        expect(isBlocked(new Set([address.bare().toString()]), address)).toBe(true);
        expect(isBlocked(new Set([address.domain]), address)).toBe(true);
        expect(isBlocked(new Set(), address)).toBe(false);
        expect(isBlocked(new Set([`x${local}@${address.domain}`]), address)).toBe(false);
      }),
    );
  });
});
