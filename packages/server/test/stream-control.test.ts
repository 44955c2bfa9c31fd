// The stream-level module API (module-api.ts StreamControl) over real sockets: nonza handlers,
// outbound filters and inbound observers, hibernation of a session whose connection dropped,
// resumption onto another connection, and ending sessions (also at shutdown).
import { StreamError } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { describe, expect, it, vi } from "vitest";
import {
  type ModuleContext,
  type NonzaEvent,
  type Session,
  type SessionClosedEvent,
  type StreamControl,
  defineModule,
} from "../src";
import { builtinModules } from "../src/server";
import { server } from "./helpers";

const NS = "urn:parley:test:nonza";

interface Probe {
  ctx: ModuleContext;
  streams: StreamControl;
  nonzas: { jid: string | undefined; element: Element }[];
  closed: SessionClosedEvent[];
  resumed: Session[];
  hibernate: boolean;
}

function probeModule(probe: Partial<Probe>) {
  return defineModule({
    name: "probe",
    setup(ctx) {
      const p = probe as Probe;
      p.ctx = ctx;
      p.streams = ctx.streams!;
      p.nonzas = [];
      p.closed = [];
      p.resumed = [];
      p.streams.handleNonza(NS, (event: NonzaEvent) => {
        p.nonzas.push({ jid: event.session.jid?.toString(), element: event.element });
        const name = event.element.localName;
        if (name === "fail") throw new StreamError("policy-violation");
        if (name === "echo") p.streams.sendNonza(event.session, xml("echoed", { xmlns: NS }));
        if (name === "resume") {
          const previous = ctx.session(event.element.attr("full")!);
          const ok = previous !== undefined && p.streams.resume(event.session, previous);
          p.streams.sendNonza(event.session, xml(ok ? "resumed" : "refused", { xmlns: NS }));
        }
      });
      ctx.on<SessionClosedEvent>("session-hibernate", () => (p.hibernate ? true : undefined));
      ctx.on<SessionClosedEvent>("session-closed", (e) => {
        p.closed.push(e);
        return undefined;
      });
      ctx.on<{ session: Session }>("session-resumed", ({ session }) => {
        p.resumed.push(session);
        return undefined;
      });
    },
  });
}

async function setup(hibernate = false) {
  const probe: Partial<Probe> = { hibernate };
  const t = await server({ modules: [...builtinModules, probeModule(probe)] });
  return { t, p: probe as Probe };
}

describe("nonza handlers", () => {
  it("receive their namespace's top-level elements before and after bind", async () => {
    const { t, p } = await setup();
    await t.addUser("juliet");
    const c = await t.connect();
    await c.openStream();
    await c.authenticate("juliet", "password");
    c.send(`<echo xmlns="${NS}"/>`);
    await c.expect(`<echoed xmlns="${NS}"/>`);
    await c.bind("balcony");
    c.send(`<echo xmlns="${NS}"/>`);
    await c.expect(`<echoed xmlns="${NS}"/>`);
    expect(p.nonzas.map((e) => e.jid)).toEqual([undefined, "juliet@localhost/balcony"]);
    c.send(`<other xmlns="urn:parley:test:unknown"/>`);
    await c.expectStreamError("unsupported-stanza-type");
  });

  it("a StreamError thrown by a handler closes the stream with it", async () => {
    const { t } = await setup();
    const c = await t.login("juliet");
    c.send(`<fail xmlns="${NS}"/>`);
    await c.expectStreamError("policy-violation");
  });
});

describe("outbound filters and inbound observers", () => {
  it("run by priority; forward() continues after the filter; core replies pass too", async () => {
    const { t, p } = await setup();
    const c = await t.login("juliet", { resource: "balcony" });
    const session = p.ctx.session("juliet@localhost/balcony")!;
    const seen: string[] = [];
    const held: Element[] = [];
    const late = p.streams.addOutbound(
      session,
      (s) => {
        seen.push(`late:${s.attr("id")}`);
        return s;
      },
      -5,
    );
    const early = p.streams.addOutbound(
      session,
      (s) => {
        seen.push(`early:${s.attr("id")}`);
        if (s.attr("id") === "hold") {
          held.push(s);
          return undefined;
        }
        return s;
      },
      5,
    );
    const inbound: string[] = [];
    p.streams.onInbound(session, (s) => inbound.push(s.attr("id") ?? "?"));
    session.send(xml("message", { id: "hold", to: "juliet@localhost/balcony" }));
    session.send(xml("message", { id: "m2", to: "juliet@localhost/balcony" }));
    await c.expect((e) => e.attr("id") === "m2");
    expect(seen).toEqual(["early:hold", "early:m2", "late:m2"]);
    early.forward(held[0]!);
    await c.expect((e) => e.attr("id") === "hold");
    expect(seen.at(-1)).toBe("late:hold");
    // The core's own error reply (an iq without id) goes through the filters as well.
    c.send(`<iq type="get" to="localhost"><ping xmlns="urn:xmpp:ping"/></iq>`);
    await c.expect((e) => e.localName === "iq" && e.attr("type") === "error");
    expect(seen.at(-1)).toBe("late:undefined");
    expect(inbound).toEqual(["?"]);
    late.remove();
    early.remove();
    session.send(xml("message", { id: "m3", to: "juliet@localhost/balcony" }));
    await c.expect((e) => e.attr("id") === "m3");
    expect(seen.at(-1)).toBe("late:undefined");
  });
});

describe("hibernation and resumption", () => {
  it("without a hibernate handler a dropped connection ends the session", async () => {
    const { t, p } = await setup(false);
    const c = await t.login("juliet", { resource: "balcony" });
    c.destroy();
    await vi.waitFor(() => expect(p.closed.map((e) => e.reason)).toEqual(["dropped"]));
  });

  it("keeps a dropped session bound, resumes it elsewhere, and ends it on request", async () => {
    const { t, p } = await setup(true);
    const c = await t.login("juliet", { resource: "balcony" });
    const session = p.ctx.session("juliet@localhost/balcony")!;
    const queued: Element[] = [];
    p.streams.addOutbound(session, (s) => {
      queued.push(s);
      return s;
    });
    c.destroy();
    await vi.waitFor(() => expect(p.streams.isDetached(session)).toBe(true));
    expect(p.closed).toEqual([]);
    expect(session.closed).toBe(false);
    expect(p.ctx.session("juliet@localhost/balcony")).toBe(session);
    session.send(xml("message", { id: "while-away" })); // filtered, not written anywhere
    expect(queued.map((s) => s.attr("id"))).toEqual(["while-away"]);

    // Another account, or a bound stream, cannot take the session.
    const m = await t.login("mallory");
    m.send(`<resume xmlns="${NS}" full="juliet@localhost/balcony"/>`);
    await m.expect(`<refused xmlns="${NS}"/>`);

    await t.addUser("juliet");
    const d = await t.connect();
    await d.openStream();
    await d.authenticate("juliet", "password");
    d.send(`<resume xmlns="${NS}" full="juliet@localhost/balcony"/>`);
    await d.expect(`<resumed xmlns="${NS}"/>`);
    expect(p.streams.isDetached(session)).toBe(false);
    await vi.waitFor(() => expect(p.resumed).toEqual([session]));
    // The stream goes on as the resumed session: no bind, same full JID.
    d.send(`<message to="juliet@localhost/balcony" id="self"><body>hi</body></message>`);
    const self = await d.expect((e) => e.attr("id") === "self");
    expect(self.attr("from")).toBe("juliet@localhost/balcony");

    await p.streams.end(session, "timeout", new StreamError("connection-timeout"));
    await d.expectStreamError("connection-timeout");
    expect(p.closed.map((e) => e.reason)).toEqual(["timeout"]);
    expect(p.ctx.session("juliet@localhost/balcony")).toBeUndefined();
  });

  it("a new bind of the same resource replaces a hibernating session", async () => {
    const { t, p } = await setup(true);
    const c = await t.login("juliet", { resource: "balcony" });
    const session = p.ctx.session("juliet@localhost/balcony")!;
    c.destroy();
    await vi.waitFor(() => expect(p.streams.isDetached(session)).toBe(true));
    await t.login("juliet", { resource: "balcony" });
    expect(p.closed.map((e) => e.reason)).toEqual(["replaced"]);
    expect(p.ctx.session("juliet@localhost/balcony")).not.toBe(session);
  });

  it("server shutdown ends hibernating sessions", async () => {
    const { t, p } = await setup(true);
    const c = await t.login("juliet", { resource: "balcony" });
    const session = p.ctx.session("juliet@localhost/balcony")!;
    c.destroy();
    await vi.waitFor(() => expect(p.streams.isDetached(session)).toBe(true));
    await t.server.stop();
    expect(p.closed.map((e) => e.reason)).toEqual(["shutdown"]);
  });
});
