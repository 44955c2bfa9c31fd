// Client.stopReceiving() against Parley's server with XEP-0198: stanzas after the stop are not
// acknowledged, so the server stores them offline when the session ends instead of losing them.
// Also: messages sent through the client always carry an id.
import { smacksModule } from "@parley/mod-smacks";
import { type SessionClosedEvent, builtinModules } from "@parley/server";
import { type TestServer, startTestServer } from "@parley/server/testing";
import { message, presence } from "@parley/stanza";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Client, type Connector, createClient } from "../src/index";
import { connect } from "../src/transport/index.node";
import { guardProcess } from "./no-unhandled";

guardProcess();

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    modules: [...builtinModules, smacksModule],
    // The server asks for an ack (<r/>) as soon as a stanza is unacknowledged.
    moduleConfig: { smacks: { ackRequestDelayMs: 0 } },
  });
  for (const u of ["alice", "bob", "carol"]) await t.addUser(u);
});
afterAll(async () => {
  await t.stop();
});

/** Waits until `check` holds (vi.waitUntil, generous bound); `what` names it in a failure. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  await vi.waitUntil(check, { timeout: 20_000 }).catch((error: unknown) => {
    throw new Error(`timed out waiting for ${what}`, { cause: error });
  });
}

/** A client of `local` whose connector records every byte it receives. */
function clientOf(local: string): { client: Client; wire: { text: string } } {
  const wire = { text: "" };
  const decoder = new TextDecoder();
  const spying: Connector = (request) =>
    connect({
      ...request,
      events: {
        data: (chunk) => {
          wire.text += typeof chunk === "string" ? chunk : decoder.decode(chunk);
          request.events.data(chunk);
        },
        close: (error) => request.events.close(error),
      },
    });
  const client = createClient({
    jid: `${local}@${t.domain}`,
    password: "password",
    host: "127.0.0.1",
    port: t.ports.c2s,
    insecure: true,
    reconnect: false,
    connector: spying,
  });
  return { client, wire };
}

describe("stopReceiving()", () => {
  it("leaves the stanzas after it unacknowledged; the server stores them offline", async () => {
    const alice = await t.login("alice", { resource: "a" });
    for (const body of ["m1", "m2", "m3"]) {
      alice.send(`<message to="bob@localhost" type="chat"><body>${body}</body></message>`);
    }
    const offline = () => t.storage.offline.count("bob@localhost");
    await until(async () => (await offline()) === 3, "three offline messages");

    const { client: bob, wire } = clientOf("bob");
    const printed: string[] = [];
    bob.on("message", (m) => {
      if (m.body === undefined) return;
      printed.push(m.body);
      bob.stopReceiving();
    });
    await bob.start();
    bob.send(presence());
    // All three reached the client, and the server's <r/> after them was answered.
    await until(
      () => /m3<\/body>[\s\S]*<r xmlns=["']urn:xmpp:sm:3["']/.test(wire.text),
      "m3, <r/>",
    );
    const closed = new Promise<void>((resolve) => {
      const off = t.server.events.on<SessionClosedEvent>(
        "session-closed",
        ({ session }) => {
          if (session.bareJid?.toString() !== "bob@localhost") return undefined;
          off();
          resolve();
          return undefined;
        },
        -100, // after mod-smacks stored what was not acknowledged
      );
    });
    await bob.stop();
    await closed;
    expect(printed).toEqual(["m1"]);
    const stored = (await t.storage.offline.takeAll("bob@localhost")).map(
      (m) => /<body>([^<]*)<\/body>/.exec(m.xml)?.[1],
    );
    // m1 was handled; whether its ack reached the server before the close is not this test's
    // business. m2 and m3 were never handled and must not be lost.
    expect(stored.filter((b) => b !== "m1")).toEqual(["m2", "m3"]);
    await alice.close();
  });
});

describe("message ids", () => {
  it("gives a message without an id one (RFC 6120 §8.1.3)", async () => {
    const carol = await t.login("carol", { resource: "c" });
    const { client: alice } = clientOf("alice");
    await alice.start();
    alice.send(message({ to: "carol@localhost/c", type: "chat", body: "with an id" }));
    const got = await carol.expect((el) => el.localName === "message");
    expect(got.attr("id")).toMatch(/^\S{8,}$/);
    const kept = message({ to: "carol@localhost/c", id: "mine", body: "kept" });
    alice.send(kept);
    expect((await carol.expect((el) => el.localName === "message")).attr("id")).toBe("mine");
    await alice.stop();
    await carol.close();
  });
});
