// Every background path is guarded (DESIGN.md): a module handler that throws, a timer callback
// that rejects, a storage error in a fire-and-forget path. The error is logged and counted, no
// unhandled rejection reaches the process, and the server goes on serving.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Logger, type SessionEvent, builtinModules, defineModule } from "../src/index";
import { server } from "./helpers";

/** A logger that lets a test wait for an error record, without sleeping. */
function recordingLogger() {
  const errors: string[] = [];
  const waiters: { what: string; resolve: () => void }[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error(msg) {
      errors.push(msg);
      for (const w of waiters.filter((w) => msg.includes(w.what))) w.resolve();
    },
  };
  const logged = (what: string) =>
    errors.some((m) => m.includes(what))
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ what, resolve }));
  return { logger, errors, logged };
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on("unhandledRejection", onUnhandled);
});
afterEach(() => {
  process.off("unhandledRejection", onUnhandled);
});

const broken = defineModule({
  name: "broken",
  setup(ctx) {
    // Above the message module: fails before it, which must still deliver.
    ctx.on(
      "message/bare",
      () => {
        throw new Error("broken message handler");
      },
      100,
    );
    ctx.on<SessionEvent>("session-started", async () => {
      // A storage error in a notification handler (a rejected read).
      await Promise.reject(new Error("storage down"));
    });
    ctx.on<SessionEvent>(
      "session-started",
      ({ session }) => {
        // A timer whose callback rejects, as a push or keepalive timer reading storage would.
        if (session.jid?.local === "juliet") {
          ctx.setTimeout(async () => {
            throw new Error("timer storage down");
          }, 0);
        }
        return undefined;
      },
      -1,
    );
  },
});

describe("guarded background paths", () => {
  it("a throwing handler, a rejecting notification and a rejecting timer: logged, counted, served", async () => {
    const { logger, logged } = recordingLogger();
    const t = await server({ modules: [...builtinModules, broken], logger });
    // session-started fails for both: each still logs in and is served.
    const juliet = await t.login("juliet", { resource: "balcony" });
    const romeo = await t.login("romeo", { resource: "orchard" });
    juliet.send("<presence/>");
    await logged("timer callback failed");
    expect(t.server.metrics.get("errors.timer")).toBe(1);
    expect(t.server.metrics.get("errors.handler")).toBe(2); // session-started, twice

    // The failing message/bare handler is skipped; the message module delivers.
    romeo.send(`<message to="juliet@localhost" type="chat" id="m1"><body>hi</body></message>`);
    await juliet.expect(
      `<message from="romeo@localhost/orchard" to="juliet@localhost" type="chat" id="m1"><body>hi</body></message>`,
    );
    expect(t.server.metrics.get("errors.handler")).toBe(3);

    // A later round trip is answered: the server and both streams are alive.
    const info = await romeo.iq(
      `<iq type="get" to="localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    expect(info.attr("type")).toBe("result");
    await juliet.sync();
    expect(unhandled).toEqual([]);
  });

  it("a failing stanza hook with nobody answering after it refuses the stanza (fails closed)", async () => {
    const guard = defineModule({
      name: "guard",
      setup(ctx) {
        ctx.on(
          "pre-message/bare",
          async () => {
            throw new Error("blocklist unreadable");
          },
          1000,
        );
      },
    });
    const t = await server({ modules: [...builtinModules, guard] });
    const juliet = await t.login("juliet", { resource: "balcony" });
    const romeo = await t.login("romeo", { resource: "orchard" });
    juliet.send("<presence/>");
    romeo.send(`<message to="juliet@localhost" type="chat" id="m1"><body>hi</body></message>`);
    const error = await romeo.expect((e) => e.attr("id") === "m1");
    expect(error.attr("type")).toBe("error");
    expect(error.toString()).toContain("internal-server-error");
    // Nothing reached juliet: a marker sent after it is the next message she gets.
    romeo.send(
      `<iq type="get" to="juliet@localhost/balcony" id="marker"><ping xmlns="urn:xmpp:ping"/></iq>`,
    );
    const next = await juliet.expect((e) => e.localName === "message" || e.localName === "iq");
    expect(next.attr("id")).toBe("marker");
    expect(t.server.metrics.get("errors.handler")).toBe(1);
    expect(unhandled).toEqual([]);
  });
});
