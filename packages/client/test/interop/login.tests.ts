// Login against a real server: STARTTLS (RFC 6120 §5), direct TLS (XEP-0368), WebSocket
// (RFC 7395), certificate checks, and the SASL mechanism the client picks (RFC 6120 §6.3.3).
import { X509Certificate } from "node:crypto";
import tls from "node:tls";
import { xml } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { type ClientOptions, SaslError, TlsError } from "../../src/index";
import { type InteropContext, rejection } from "./context";
import { expectedMechanism, offeredScram } from "./target";
import { createWireSpy } from "./wire-spy";

/** RFC 5802 §7 gs2-cbind-flag for a login that did not use channel binding. */
function unboundHeader(encrypted: boolean): string {
  // "y": we could bind but the server offered no -PLUS we can use; "n": no binding at all.
  return encrypted ? "y,," : "n,,";
}

export function loginTests(ctx: InteropContext): void {
  describe("login", () => {
    const transports: { name: string; extra: () => Partial<ClientOptions> }[] = [
      { name: "STARTTLS (RFC 6120 §5)", extra: () => ({}) },
      {
        name: "direct TLS (XEP-0368)",
        extra: () => ({ tls: "direct", port: ctx.target().directTlsPort }),
      },
    ];
    for (const transport of transports) {
      it(`picks the strongest mechanism over ${transport.name} and binds a resource`, async () => {
        const target = ctx.target();
        const spy = createWireSpy();
        const c = ctx.client("alice", {
          resource: "tls",
          connector: spy.connector,
          ...transport.extra(),
        });
        const jid = await c.start();
        expect(jid.toString()).toBe(`alice@${target.domain}/tls`);
        const offered = spy.lastOfferedMechanisms();
        expect(offered.filter((m) => m.startsWith("SCRAM-")).sort()).toEqual(
          offeredScram(target, true),
        );
        const expected = expectedMechanism(target, true);
        expect(c.mechanism).toBe(expected);
        const auth = spy.lastAuth();
        expect(auth?.mechanism).toBe(expected);
        if (expected.endsWith("-PLUS")) {
          // XEP-0440: the server announces its types; we use the first we prefer (RFC 9266).
          expect(spy.lastAnnouncedBindings()).toEqual(
            expect.arrayContaining([...target.capabilities.channelBindings]),
          );
          expect(auth?.gs2Header).toBe("p=tls-exporter,,");
        } else {
          expect(auth?.gs2Header).toBe(unboundHeader(true));
        }
        await c.stop();
        expect(c.status).toBe("offline");
      });
    }

    it("logs in over WebSocket (RFC 7395) and pings the server (XEP-0199)", async () => {
      const target = ctx.target();
      const spy = createWireSpy();
      const c = ctx.client("alice", { url: target.webSocketUrl, connector: spy.connector });
      const jid = await c.start();
      expect(jid.bare().toString()).toBe(`alice@${target.domain}`);
      // ws:// has no TLS underneath, so no channel binding: the strongest plain SCRAM.
      expect(c.mechanism).toBe(expectedMechanism(target, false));
      expect(spy.lastAuth()?.gs2Header).toBe("n,,");
      expect(await c.iq.get(xml("ping", { xmlns: "urn:xmpp:ping" }))).toBeUndefined();
      await c.stop();
    });

    it("is served the target's self-signed certificate", async () => {
      const target = ctx.target();
      const socket = tls.connect({
        host: target.host,
        port: target.directTlsPort,
        servername: target.domain,
        rejectUnauthorized: false,
      });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once("secureConnect", resolve);
          socket.once("error", reject);
        });
        const presented = socket.getPeerCertificate().raw;
        const expected = new X509Certificate(target.certificatePem);
        expect(expected.checkIssued(expected)).toBe(true); // self-signed
        expect(Buffer.compare(presented, expected.raw)).toBe(0);
      } finally {
        socket.destroy();
      }
    });

    for (const transport of transports) {
      it(`refuses the self-signed certificate by default over ${transport.name}`, async () => {
        const spy = createWireSpy();
        const c = ctx.client("alice", {
          insecure: false,
          reconnect: false,
          connector: spy.connector,
          ...transport.extra(),
        });
        const error = await rejection(c.start());
        expect(error).toBeInstanceOf(TlsError);
        expect((error as TlsError).condition).toBe("certificate-invalid");
        // Nothing secret went out: no SASL exchange was started.
        expect(spy.written.flat().join("")).not.toContain("<auth");
        expect(c.status).toBe("offline");
      });
    }

    it("uses SCRAM on an unencrypted stream, never PLAIN", async () => {
      const target = ctx.target();
      const spy = createWireSpy();
      const c = ctx.client("alice", { tls: "none", connector: spy.connector });
      await c.start();
      expect(c.mechanism).toBe(expectedMechanism(target, false));
      expect(spy.lastAuth()?.gs2Header).toBe("n,,");
      await c.stop();
    });

    it("refuses a PLAIN-only server without TLS before sending any credentials", async () => {
      const plain = await ctx.target().plainOnly();
      await plain.addUser("pat", "pat-secret");
      const options = {
        jid: `pat@${plain.domain}`,
        password: "pat-secret",
        port: plain.port,
        tls: "none",
        reconnect: false,
      } as const;
      const spy = createWireSpy();
      const c = ctx.client("alice", { ...options, connector: spy.connector });
      const error = await rejection(c.start());
      expect(error).toBeInstanceOf(SaslError);
      expect((error as SaslError).condition).toBe("mechanism-too-weak");
      expect(spy.lastOfferedMechanisms()).toEqual(["PLAIN"]);
      expect(spy.written.flat().join("")).not.toContain("<auth");
      // Control: the same server takes PLAIN once the user explicitly allows it.
      const allowed = ctx.client("alice", { ...options, allowPlainWithoutTls: true });
      await allowed.start();
      expect(allowed.mechanism).toBe("PLAIN");
      await allowed.stop();
    });

    it("reports a wrong password as SaslError not-authorized (RFC 6120 §6.5.10)", async () => {
      const c = ctx.client("alice", { password: "wrong", reconnect: false });
      const error = await rejection(c.start());
      expect(error).toBeInstanceOf(SaslError);
      expect((error as SaslError).condition).toBe("not-authorized");
    });
  });
}
