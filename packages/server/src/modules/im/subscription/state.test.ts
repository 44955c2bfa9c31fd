import { describe, expect, it } from "vitest";
import { type SubState, type SubscriptionType, inbound, outbound, stateOf } from "./state";

// The nine states of RFC 6121 Appendix A.1, written as the RFC names them.
const STATES: Record<string, SubState> = {
  None: stateOf("none"),
  "None+PO": stateOf("none", { pendingOut: true }),
  "None+PI": stateOf("none", { pendingIn: true }),
  "None+PO+PI": stateOf("none", { pendingOut: true, pendingIn: true }),
  To: stateOf("to"),
  "To+PI": stateOf("to", { pendingIn: true }),
  From: stateOf("from"),
  "From+PO": stateOf("from", { pendingOut: true }),
  Both: stateOf("both"),
};
const nameOf = (s: SubState) =>
  Object.entries(STATES).find(([, v]) => JSON.stringify(v) === JSON.stringify(s))?.[0] ??
  JSON.stringify(s);

// [state, next state] for each outbound type (A.2.1–A.2.4; subscribed without Pending In is a
// pre-approval, §3.4, checked separately).
const OUTBOUND: Record<Exclude<SubscriptionType, "subscribed">, [string, string][]> = {
  subscribe: [
    ["None", "None+PO"],
    ["None+PO", "None+PO"],
    ["None+PI", "None+PO+PI"],
    ["None+PO+PI", "None+PO+PI"],
    ["To", "To"],
    ["To+PI", "To+PI"],
    ["From", "From+PO"],
    ["From+PO", "From+PO"],
    ["Both", "Both"],
  ],
  unsubscribe: [
    ["None", "None"],
    ["None+PO", "None"],
    ["None+PI", "None+PI"],
    ["None+PO+PI", "None+PI"],
    ["To", "None"],
    ["To+PI", "None+PI"],
    ["From", "From"],
    ["From+PO", "From"],
    ["Both", "From"],
  ],
  unsubscribed: [
    ["None", "None"],
    ["None+PO", "None+PO"],
    ["None+PI", "None"],
    ["None+PO+PI", "None+PO"],
    ["To", "To"],
    ["To+PI", "To"],
    ["From", "None"],
    ["From+PO", "None+PO"],
    ["Both", "To"],
  ],
};

// [state, next state, delivered] for each inbound type (A.3.1–A.3.4).
const INBOUND: Record<SubscriptionType, [string, string, boolean][]> = {
  subscribe: [
    ["None", "None+PI", true],
    ["None+PO", "None+PO+PI", true],
    ["None+PI", "None+PI", false],
    ["None+PO+PI", "None+PO+PI", false],
    ["To", "To+PI", true],
    ["To+PI", "To+PI", false],
    ["From", "From", false],
    ["From+PO", "From+PO", false],
    ["Both", "Both", false],
  ],
  unsubscribe: [
    ["None", "None", false],
    ["None+PO", "None+PO", false],
    ["None+PI", "None", true],
    ["None+PO+PI", "None+PO", true],
    ["To", "To", false],
    ["To+PI", "To", true],
    ["From", "None", true],
    ["From+PO", "None+PO", true],
    ["Both", "To", true],
  ],
  subscribed: [
    ["None", "None", false],
    ["None+PO", "To", true],
    ["None+PI", "None+PI", false],
    ["None+PO+PI", "To+PI", true],
    ["To", "To", false],
    ["To+PI", "To+PI", false],
    ["From", "From", false],
    ["From+PO", "Both", true],
    ["Both", "Both", false],
  ],
  unsubscribed: [
    ["None", "None", false],
    ["None+PO", "None", true],
    ["None+PI", "None+PI", false],
    ["None+PO+PI", "None+PI", true],
    ["To", "None", true],
    ["To+PI", "None+PI", true],
    ["From", "From", false],
    ["From+PO", "From", true],
    ["Both", "From", true],
  ],
};

describe("outbound subscription stanzas (RFC 6121 A.2)", () => {
  for (const [type, rows] of Object.entries(OUTBOUND)) {
    it.each(rows)(`${type}: %s → %s`, (from, to) => {
      const r = outbound(STATES[from]!, type as SubscriptionType);
      expect(nameOf(r.next)).toBe(to);
      expect(r.route).toBe(true);
    });
  }

  it.each([
    ["None+PI", "From"],
    ["None+PO+PI", "From+PO"],
    ["To+PI", "Both"],
  ])("subscribed approves a pending request: %s → %s, routed (A.2.3)", (from, to) => {
    const r = outbound(STATES[from]!, "subscribed");
    expect(nameOf(r.next)).toBe(to);
    expect(r.route).toBe(true);
  });

  it.each(["None", "None+PO", "To"])(
    "subscribed in %s is a pre-approval, not routed (§3.4)",
    (s) => {
      const r = outbound(STATES[s]!, "subscribed");
      expect(r.next.approved).toBe(true);
      expect(r.next.from).toBe(false);
      expect(r.route).toBe(false);
    },
  );

  it.each(["From", "From+PO", "Both"])("subscribed in %s changes nothing", (s) => {
    expect(outbound(STATES[s]!, "subscribed")).toEqual({ next: STATES[s], route: false });
  });

  it("unsubscribed withdraws a pre-approval", () => {
    const r = outbound({ ...STATES.None!, approved: true }, "unsubscribed");
    expect(r.next.approved).toBe(false);
  });
});

describe("inbound subscription stanzas (RFC 6121 A.3)", () => {
  for (const [type, rows] of Object.entries(INBOUND)) {
    it.each(rows)(`${type}: %s → %s, delivered %s`, (from, to, delivered) => {
      const r = inbound(STATES[from]!, type as SubscriptionType);
      expect(nameOf(r.next)).toBe(to);
      expect(r.deliver).toBe(delivered);
    });
  }

  it.each(["From", "From+PO", "Both"])("subscribe in %s is auto-answered (A.3.1)", (s) => {
    expect(inbound(STATES[s]!, "subscribe").autoReply).toBe(true);
  });

  it("subscribe after a pre-approval is approved at once (§3.4)", () => {
    const r = inbound({ ...STATES.To!, approved: true }, "subscribe");
    expect(nameOf(r.next)).toBe("Both");
    expect(r).toMatchObject({ deliver: false, autoReply: true });
  });
});
