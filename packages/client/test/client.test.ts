import { SaslError } from "@parley/sasl";
import { StanzaError, iq, message } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { describe, expect, it, vi } from "vitest";
import { Client, DisconnectedError, TimeoutError } from "../src/index";
import { type FakeServerOptions, FakeServer } from "./fake-server";
import { guardProcess } from "./no-unhandled";

// Negotiation, iq, receipts and XEP-0198 against the in-memory fake server.

guardProcess();

async function setup(o: FakeServerOptions = {}, extra: Record<string, unknown> = {}) {
  const server = await new FakeServer(o).init("secret");
  const client = new Client({
    jid: "juliet@example.org",
    password: "secret",
    resource: "balcony",
    connector: server.connector,
    reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  });
  const errors: Error[] = [];
  client.on("error", (e) => errors.push(e));
  return { server, client, errors };
}

describe("negotiation", () => {
  it("runs STARTTLS, SCRAM-SHA-256, bind and enables stream management", async () => {
    const { server, client } = await setup();
    const online = new Promise((resolve) => client.once("online", resolve));
    const jid = await client.start();
    expect(jid.toString()).toBe("juliet@example.org/balcony");
    expect(await online).toEqual({ jid, resumed: false });
    expect(client.mechanism).toBe("SCRAM-SHA-256");
    expect(server.log.map((e) => e.localName)).toEqual([
      "starttls",
      "auth",
      "response",
      "iq",
      "enable",
    ]);
    await client.stop();
    expect(client.status).toBe("offline");
  });

  it("uses SCRAM-*-PLUS with tls-exporter when the server announces it (XEP-0440)", async () => {
    const { server, client } = await setup({
      mechanisms: ["SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"],
      bindings: ["tls-exporter", "tls-server-end-point"],
      announceBindings: true,
    });
    await client.start();
    expect(server.mechanismUsed).toBe("SCRAM-SHA-256-PLUS");
    await client.stop();
  });

  it("refuses PLAIN on an unencrypted stream", async () => {
    const { server, client } = await setup(
      { mechanisms: ["PLAIN"], starttls: false },
      { tls: "none" },
    );
    const error = await client.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SaslError);
    expect((error as SaslError).condition).toBe("mechanism-too-weak");
    expect(server.log.some((e) => e.localName === "auth")).toBe(false);
    expect(client.status).toBe("offline");
  });

  it("refuses to go on in the clear when STARTTLS is not offered", async () => {
    const { client } = await setup({ starttls: false });
    await expect(client.start()).rejects.toMatchObject({ condition: "encryption-required" });
  });

  it("rejects a wrong password with SaslError not-authorized", async () => {
    const { client } = await setup({}, { password: "wrong" });
    await expect(client.start()).rejects.toMatchObject({
      name: "SaslError",
      condition: "not-authorized",
    });
  });
});

describe("iq", () => {
  it("rejects with a typed StanzaError and resolves results matched by id", async () => {
    const { client } = await setup({
      onStanza: (el, s) => {
        if (el.localName !== "iq") return;
        const id = el.attr("id") ?? "";
        if (el.getChild("query", "urn:x:bad")) {
          s.send(
            iq(
              { type: "error", id },
              xml(
                "error",
                { type: "cancel" },
                xml("item-not-found", { xmlns: "urn:ietf:params:xml:ns:xmpp-stanzas" }),
              ),
            ),
          );
        } else if (el.getChild("query", "urn:x:good")) {
          // A spoofed answer from someone else is ignored (RFC 6120 §8.1.2.1) ...
          s.send(iq({ type: "result", id, from: "mallory@evil.example" }));
          s.send(iq({ type: "result", id }, xml("query", { xmlns: "urn:x:good" }, "ok")));
        }
      },
    });
    await client.start();
    const error = await client.iq
      .get(xml("query", { xmlns: "urn:x:bad" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StanzaError);
    expect((error as StanzaError).condition).toBe("item-not-found");
    const good = await client.iq.get(xml("query", { xmlns: "urn:x:good" }));
    expect(good?.text()).toBe("ok");
    await client.stop();
  });

  it("times out with the stack of the caller", async () => {
    const { client } = await setup();
    await client.start();
    const error = await client.iq
      .get(xml("query", { xmlns: "urn:x:silent" }), undefined, { timeoutMs: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).stack).toContain("client.test.ts");
    await client.stop();
  });

  it("answers unhandled requests with service-unavailable and handled ones with a result", async () => {
    const answers: Element[] = [];
    const { server, client } = await setup({
      onStanza: (el) => {
        if (el.localName === "iq") answers.push(el);
      },
    });
    client.iq.handle("get", "urn:x:time", "time", () =>
      xml("time", { xmlns: "urn:x:time" }, "now"),
    );
    await client.start();
    const session = server.sessions.at(-1)!;
    session.send(
      iq(
        { type: "get", id: "q1", from: "romeo@example.net/a" },
        xml("time", { xmlns: "urn:x:time" }),
      ),
    );
    session.send(
      iq(
        { type: "set", id: "q2", from: "romeo@example.net/a" },
        xml("nope", { xmlns: "urn:x:nope" }),
      ),
    );
    await vi_waitFor(() => answers.length === 2);
    const byId = (id: string) => answers.find((a) => a.attr("id") === id)!;
    expect(byId("q1").attr("type")).toBe("result");
    expect(byId("q1").getChild("time", "urn:x:time")?.text()).toBe("now");
    expect(byId("q2").attr("type")).toBe("error");
    expect(byId("q2").toString()).toContain("service-unavailable");
    await client.stop();
  });

  it("ignores a roster push from anyone but our own account (RFC 6121 §2.1.6)", async () => {
    const answers: Element[] = [];
    const { server, client } = await setup({
      onStanza: (el) => el.localName === "iq" && answers.push(el),
    });
    const pushes: string[] = [];
    client.on("roster", (p) => pushes.push(p.item.jid));
    await client.start();
    const push = (from: string | undefined, id: string) =>
      server.sessions
        .at(-1)!
        .send(
          iq(
            { type: "set", id, ...(from ? { from } : {}) },
            xml("query", { xmlns: "jabber:iq:roster" }, xml("item", { jid: `${id}@example.net` })),
          ),
        );
    push("mallory@evil.example", "spoofed");
    push("juliet@example.org", "mine");
    push(undefined, "server");
    await vi_waitFor(() => answers.length === 3);
    expect(pushes).toEqual(["mine@example.net", "server@example.net"]);
    expect(answers.map((a) => a.attr("type"))).toEqual(["error", "result", "result"]);
    await client.stop();
  });
});

describe("stream management", () => {
  it("answers <r/> with the handled count and drops acknowledged stanzas", async () => {
    const { server, client } = await setup();
    const acked: string[] = [];
    client.on("ack", (el) => acked.push(el.attr("id") ?? ""));
    await client.start();
    client.send(message({ to: "romeo@example.net", id: "m1", body: "1" }));
    client.send(message({ to: "romeo@example.net", id: "m2", body: "2" }));
    await vi_waitFor(() => acked.length === 2);
    expect(acked).toEqual(["m1", "m2"]);
    expect(server.sessions.at(-1)!.handled).toBe(2);
    await client.stop();
  });

  it("resumes after a drop and re-sends what the server did not handle, once", async () => {
    const received: string[] = [];
    const { server, client } = await setup({
      onStanza: (el) => el.localName === "message" && received.push(el.getChildText("body") ?? ""),
    });
    await client.start();
    const session = server.sessions.at(-1)!;
    session.send(message({ to: "juliet@example.org/balcony", body: "before" }));
    const bodies: string[] = [];
    client.on("message", (m) => bodies.push(m.body ?? ""));
    await vi_waitFor(() => bodies.length === 1);
    const resumed = new Promise((resolve) => client.once("online", resolve));
    client.once("disconnect", () => {
      client.send(message({ to: "romeo@example.net", body: "while away" }));
    });
    session.drop();
    expect(await resumed).toMatchObject({ resumed: true });
    await vi_waitFor(() => received.includes("while away"));
    expect(received).toEqual(["while away"]);
    expect(server.log.filter((e) => e.localName === "bind")).toHaveLength(0);
    await client.stop();
  });

  it("starts a new session when resumption fails, re-sending only unhandled messages", async () => {
    const received: string[] = [];
    const { server, client } = await setup({
      onStanza: (el) => el.localName === "message" && received.push(el.getChildText("body") ?? ""),
    });
    await client.start();
    const onlines: boolean[] = [];
    client.on("online", (i) => onlines.push(i.resumed));
    server.resumeAllowed = false;
    let pendingError: Promise<unknown> | undefined;
    client.once("disconnect", () => {
      client.send(message({ to: "romeo@example.net", body: "queued" }));
      const pending = client.iq.get(xml("query", { xmlns: "urn:x:lost" }), undefined, {
        timeoutMs: 20_000, // must fail with DisconnectedError long before
      });
      pendingError = pending.catch((e: unknown) => e);
    });
    server.sessions.at(-1)!.drop();
    await vi_waitFor(() => onlines.length === 1);
    expect(onlines).toEqual([false]);
    await vi_waitFor(() => received.includes("queued"));
    expect(received).toEqual(["queued"]);
    expect(await pendingError).toBeInstanceOf(DisconnectedError);
    await client.stop();
  });

  it("stop() acknowledges what it received before closing the stream (XEP-0198 §4)", async () => {
    const { server, client } = await setup();
    await client.start();
    const bodies: string[] = [];
    client.on("message", (m) => bodies.push(m.body ?? ""));
    const session = server.sessions.at(-1)!;
    session.send(message({ to: "juliet@example.org/balcony", body: "1" }));
    session.send(message({ to: "juliet@example.org/balcony", body: "2" }));
    await vi_waitFor(() => bodies.length === 2);
    const logged = server.log.length;
    await client.stop();
    // The last thing the server read before the end of the stream is <a h="2"/>.
    const after = server.log.slice(logged);
    expect(after.map((e) => `${e.localName} ${e.attr("h")}`)).toEqual(["a 2"]);
    expect(after[0]!.ns).toBe("urn:xmpp:sm:3");
  });

  it("never throws from send() while resuming, and throws DisconnectedError when offline", async () => {
    const { client } = await setup();
    expect(() => client.send(message({ to: "romeo@example.net" }))).toThrow(DisconnectedError);
  });
});

describe("receipts (XEP-0184)", () => {
  it("resolves when the receipt arrives and answers receipt requests", async () => {
    const answers: Element[] = [];
    const { server, client } = await setup({
      onStanza: (el, s) => {
        if (el.localName !== "message") return;
        answers.push(el);
        if (el.getChild("request", "urn:xmpp:receipts")) {
          s.send(
            message(
              { from: "romeo@example.net/pda", to: "juliet@example.org/balcony" },
              xml("received", { xmlns: "urn:xmpp:receipts", id: el.attr("id") ?? "" }),
            ),
          );
        }
      },
    });
    await client.start();
    await client.sendAndWaitForReceipt(message({ to: "romeo@example.net", body: "hi" }), {
      timeoutMs: 15_000,
    });
    server.sessions
      .at(-1)!
      .send(
        message(
          { from: "romeo@example.net/pda", id: "r1", body: "yo" },
          xml("request", { xmlns: "urn:xmpp:receipts" }),
        ),
      );
    await vi_waitFor(() => answers.length === 2);
    expect(answers[1]!.getChild("received", "urn:xmpp:receipts")?.attr("id")).toBe("r1");
    await expect(
      client.sendAndWaitForReceipt(message({ to: "nobody@example.net", body: "?" }), {
        timeoutMs: 10,
      }),
    ).rejects.toBeInstanceOf(TimeoutError);
    await client.stop();
  });
});

describe("listener errors", () => {
  it("turn into one error event, never an uncaught exception", async () => {
    const { server, client, errors } = await setup();
    client.on("message", () => {
      throw new Error("listener bug");
    });
    await client.start();
    server.sessions.at(-1)!.send(message({ body: "x" }));
    await vi_waitFor(() => errors.length === 1);
    expect(errors[0]!.message).toBe("listener bug");
    await client.stop();
  });
});

async function vi_waitFor(condition: () => boolean): Promise<void> {
  await vi.waitUntil(condition).catch(() => undefined); // a generous bound (20 s by default)
  expect(condition()).toBe(true);
}

describe("stanzas built without a namespace", () => {
  it('go out in jabber:client with their children, never with xmlns=""', async () => {
    const got: Element[] = [];
    const { server, client } = await setup({
      onStanza: (el) => el.localName === "message" && got.push(el),
    });
    await client.start();
    client.send(xml("message", { to: "romeo@example.net" }, xml("body", null, "hi")));
    await vi_waitFor(() => got.length === 1);
    expect(got[0]!.ns).toBe("jabber:client");
    expect(got[0]!.getChild("body", "jabber:client")?.text()).toBe("hi");
    await client.stop();
    expect(server.sessions.length).toBeGreaterThan(0);
  });
});
