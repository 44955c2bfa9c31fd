// XEP-0198 against a real server: the socket dies, the session resumes (§5), and what was sent
// meanwhile in both directions arrives exactly once and in order; a clean stop() acknowledges
// what was received (§4), so the next login does not get it again.
import { message, presence } from "@parley/stanza";
import { describe, expect, it } from "vitest";
import { type InteropContext, nextMessage } from "./context";

export function smTests(ctx: InteropContext): void {
  describe("stream management", () => {
    it("resumes after the socket is destroyed; messages sent meanwhile arrive exactly once", async () => {
      const alice = ctx.client("alice", { resource: "sm" });
      const bob = ctx.client("bob", { resource: "sm" });
      await Promise.all([alice.start(), bob.start()]);
      bob.send(presence());
      const toBob = `${ctx.bare("bob")}/sm`;
      const bodies: string[] = [];
      bob.on("message", (m) => {
        if (m.body?.startsWith("sm-")) bodies.push(m.body);
      });
      // Warm up: one message delivered before the drop.
      const first = nextMessage(bob, (b) => b === "sm-0");
      alice.send(message({ to: toBob, type: "chat", body: "sm-0" }));
      await first;
      const resumed = new Promise<boolean>((resolve) =>
        bob.once("online", (i) => resolve(i.resumed)),
      );
      bob.dropConnection();
      for (let i = 1; i <= 5; i++) {
        alice.send(message({ to: toBob, type: "chat", body: `sm-${i}` }));
      }
      // Bob also sends while disconnected: queued and sent on resumption.
      const toAlice = nextMessage(alice, (b) => b === "from bob while away");
      bob.send(
        message({ to: `${ctx.bare("alice")}/sm`, type: "chat", body: "from bob while away" }),
      );
      expect(await resumed).toBe(true);
      expect(await toAlice).toBe("from bob while away");
      // A message after the resumption is the last one: nothing may follow it twice.
      const last = nextMessage(bob, (b) => b === "sm-6");
      alice.send(message({ to: toBob, type: "chat", body: "sm-6" }));
      await last;
      expect(bodies).toEqual(["sm-0", "sm-1", "sm-2", "sm-3", "sm-4", "sm-5", "sm-6"]);
      expect(bob.jid?.toString()).toBe(toBob);
      await Promise.all([alice.stop(), bob.stop()]);
    });

    it("stop() right after a message: the next login does not get it again (§4)", async () => {
      const alice = ctx.client("alice", { resource: "once" });
      const dave = ctx.client("dave", { resource: "once" });
      await Promise.all([alice.start(), dave.start()]);
      const first = nextMessage(dave, (b) => b === "once-1");
      alice.send(message({ to: `${ctx.bare("dave")}/once`, type: "chat", body: "once-1" }));
      await first;
      await dave.stop(); // at once: before the server's own <r/> is answered

      const again = ctx.client("dave", { resource: "again" });
      const bodies: string[] = [];
      again.on("message", (m) => bodies.push(m.body ?? ""));
      await again.start();
      const available = new Promise<void>((resolve) =>
        again.on("presence", (p) => {
          if (p.from?.toString() === `${ctx.bare("dave")}/again`) resolve();
        }),
      );
      again.send(presence()); // offline messages, if any, come now (XEP-0160)
      await available;
      const marker = nextMessage(again, (b) => b === "once-marker");
      alice.send(message({ to: `${ctx.bare("dave")}/again`, type: "chat", body: "once-marker" }));
      await marker;
      expect(bodies).toEqual(["once-marker"]);
      await Promise.all([alice.stop(), again.stop()]);
    });
  });
}
