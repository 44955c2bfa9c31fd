// SCRAM-*-PLUS end to end (RFC 5802 §6, RFC 9266 tls-exporter, RFC 5929 §4 tls-server-end-point,
// XEP-0440): for each binding type the target verifies, the client computes it from the real TLS
// socket and the server accepts it; a binding that does not match the connection is refused.
import type { ChannelBindingType } from "@parley/sasl";
import { describe, expect, it } from "vitest";
import { type ClientOptions, SaslError } from "../../src/index";
import { type InteropContext, rejection } from "./context";
import { expectedMechanism } from "./target";
import { createWireSpy } from "./wire-spy";

export function channelBindingTests(
  ctx: InteropContext,
  types: readonly ChannelBindingType[],
): void {
  describe("channel binding", () => {
    const transports: { name: string; extra: () => Partial<ClientOptions> }[] = [
      { name: "STARTTLS", extra: () => ({}) },
      { name: "direct TLS", extra: () => ({ tls: "direct", port: ctx.target().directTlsPort }) },
    ];
    for (const type of types) {
      for (const transport of transports) {
        it(`logs in with SCRAM-*-PLUS and ${type} over ${transport.name}`, async () => {
          const target = ctx.target();
          const spy = createWireSpy({ onlyBindings: [type] });
          const c = ctx.client("bob", { connector: spy.connector, ...transport.extra() });
          await c.start();
          expect(spy.produced).toEqual(
            expect.arrayContaining(["tls-exporter", "tls-server-end-point"]),
          );
          expect(c.mechanism).toBe(expectedMechanism(target, true));
          expect(c.mechanism).toMatch(/-PLUS$/);
          expect(spy.lastAuth()?.gs2Header).toBe(`p=${type},,`);
          await c.stop();
        });
      }

      it(`is refused when the ${type} data does not match the connection`, async () => {
        const spy = createWireSpy({ onlyBindings: [type], corruptBindings: true });
        const c = ctx.client("bob", { connector: spy.connector, reconnect: false });
        const error = await rejection(c.start());
        expect(spy.lastAuth()?.gs2Header).toBe(`p=${type},,`);
        expect(error).toBeInstanceOf(SaslError);
        expect((error as SaslError).condition).toBe("not-authorized");
      });
    }

    it("detects a man in the middle that strips -PLUS from the offer (RFC 5802 §6)", async () => {
      const target = ctx.target();
      const spy = createWireSpy({ stripPlus: true });
      const c = ctx.client("bob", { connector: spy.connector, reconnect: false });
      const outcome = await c.start().then(
        (jid) => `logged in as ${jid.toString()}`,
        (error: unknown) => error,
      );
      // The client saw no -PLUS but could bind, so it must say "y"; the server can bind, so it
      // knows the offer was tampered with and refuses.
      expect(spy.lastAuth()).toEqual({
        mechanism: expectedMechanism(target, false),
        gs2Header: "y,,",
      });
      expect(outcome).toBeInstanceOf(SaslError);
      expect((outcome as SaslError).condition).toBe("not-authorized");
    });
  });
}
