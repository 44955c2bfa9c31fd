// Stanzas through a real server: messages with XEP-0184 receipts, iq requests answered with typed
// StanzaErrors (RFC 6120 §8.3, RFC 6121 §8.5), iqs between clients, and the roster with pushes
// (RFC 6121 §2).
import { StanzaError, message, presence } from "@parley/stanza";
import { xml } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { type InteropContext, nextMessage, rejection } from "./context";

export function stanzaTests(ctx: InteropContext): void {
  describe("stanzas", () => {
    it("round-trips a message between two clients, with a delivery receipt", async () => {
      const alice = ctx.client("alice", { resource: "msg" });
      const bob = ctx.client("bob", { resource: "msg" });
      await Promise.all([alice.start(), bob.start()]);
      bob.send(presence());
      const got = nextMessage(bob, (b) => b === "hello bob");
      await alice.sendAndWaitForReceipt(
        message({ to: `${ctx.bare("bob")}/msg`, type: "chat", body: "hello bob" }),
        { timeoutMs: 10_000 },
      );
      expect(await got).toBe("hello bob");
      await Promise.all([alice.stop(), bob.stop()]);
    });

    describe("typed iq errors", () => {
      const cases: { name: string; to: () => string | undefined }[] = [
        // RFC 6120 §8.3.3.19 / DESIGN: an iq the server does not handle.
        { name: "the server, for an unknown payload", to: () => ctx.target().domain },
        // RFC 6121 §8.5.1: no such account.
        { name: "a bare JID with no account", to: () => `nobody@${ctx.target().domain}` },
        // RFC 6121 §8.5.3.2.3: an iq to a full JID whose resource has no session.
        { name: "a full JID with no session", to: () => `${ctx.bare("dave")}/gone` },
      ];
      for (const c of cases) {
        it(`gets service-unavailable (cancel) from ${c.name}`, async () => {
          const alice = ctx.client("alice", { resource: "iq" });
          await alice.start();
          const error = await rejection(
            alice.iq.get(xml("query", { xmlns: "urn:example:unknown" }), c.to()),
          );
          expect(error).toBeInstanceOf(StanzaError);
          expect((error as StanzaError).condition).toBe("service-unavailable");
          expect((error as StanzaError).type).toBe("cancel");
          await alice.stop();
        });
      }
    });

    it("carries iqs between clients: a handled request and an unhandled one", async () => {
      const alice = ctx.client("alice", { resource: "callee" });
      const bob = ctx.client("bob", { resource: "caller" });
      await Promise.all([alice.start(), bob.start()]);
      alice.iq.handle("get", "urn:example:echo", "echo", ({ payload, from }) =>
        xml("echo", { xmlns: "urn:example:echo", from: from ?? "" }, payload.text()),
      );
      const answer = await bob.iq.get(
        xml("echo", { xmlns: "urn:example:echo" }, "ping & <pong>"),
        `${ctx.bare("alice")}/callee`,
      );
      expect(answer?.text()).toBe("ping & <pong>");
      // The server stamped bob's full JID as `from` (RFC 6120 §8.1.2.1).
      expect(answer?.attr("from")).toBe(`${ctx.bare("bob")}/caller`);
      // Nobody handles this one at alice: her client answers service-unavailable (§8.3.3.19).
      const error = await rejection(
        bob.iq.set(xml("nothing", { xmlns: "urn:example:none" }), `${ctx.bare("alice")}/callee`),
      );
      expect(error).toBeInstanceOf(StanzaError);
      expect((error as StanzaError).condition).toBe("service-unavailable");
      await Promise.all([alice.stop(), bob.stop()]);
    });

    it("adds and removes a roster item, pushed to every interested resource", async () => {
      const carol = ctx.client("carol", { resource: "one" });
      const other = ctx.client("carol", { resource: "two" });
      await Promise.all([carol.start(), other.start()]);
      const pushes: string[] = [];
      const otherPushes: string[] = [];
      carol.on("roster", (p) => pushes.push(`${p.item.jid} ${p.item.subscription}`));
      other.on("roster", (p) => otherPushes.push(`${p.item.jid} ${p.item.subscription}`));
      expect(await carol.roster.get()).toEqual([]);
      // RFC 6121 §2.1.6: pushes go to resources that requested the roster.
      expect(await other.roster.get()).toEqual([]);
      const bob = ctx.bare("bob");
      await carol.roster.set({ jid: bob, name: "Bob", groups: ["Friends"] });
      expect(await carol.roster.get()).toEqual([
        { jid: bob, name: "Bob", subscription: "none", groups: ["Friends"] },
      ]);
      await carol.roster.remove(bob);
      expect(await carol.roster.get()).toEqual([]);
      expect(pushes).toEqual([`${bob} none`, `${bob} remove`]);
      // The other resource's pushes were sent before carol's results; a round trip flushes them.
      await other.roster.get();
      expect(otherPushes).toEqual([`${bob} none`, `${bob} remove`]);
      await Promise.all([carol.stop(), other.stop()]);
    });
  });
}
