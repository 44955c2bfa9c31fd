// The browser proof (issue 5): the client bundled for browsers runs in headless Debian Chromium
// and talks XMPP over WebSocket (RFC 7395) to a real Parley server on loopback: SCRAM login,
// roster get, a message out to another account and its answer back.
import { type TestClient, type TestServer, startTestServer } from "@parley/server/testing";
import { xml } from "@parley/xml";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBrowserBundle } from "./build.mjs";
import { type Chromium, launchChromium } from "./chromium";
import type { RunConfig, RunResult } from "./page";
import { type StaticServer, serveFiles } from "./static-server";

const PAGE_ENTRY = new URL("./page.ts", import.meta.url).pathname;
const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>parley</title>
<script type="module" src="/page.js"></script></head><body></body></html>`;
// Non-ASCII and markup characters, so escaping and UTF-8 are exercised in both directions.
const OUT_BODY = "héllo <bob> & “friends” from Chromium ✓";
const REPLY_BODY = "got it 👋 — <b>&amp; bye</b>";

let xmpp: TestServer | undefined;
let web: StaticServer | undefined;
let browser: Chromium | undefined;
let page: Page | undefined;
let bob: TestClient;
let pageBundle = "";
const pageLog: string[] = [];
// A failed setup (e.g. no Chromium) is rethrown by every test, so they fail instead of skipping.
let setupError: unknown;

function ready(): Page {
  if (setupError !== undefined) throw setupError;
  return page!;
}

beforeAll(async () => {
  try {
    await setUp();
  } catch (error) {
    setupError = error;
  }
});

async function setUp(): Promise<void> {
  // First, so that a missing Chromium fails fast with the hint to .ci/install-peers.
  browser = await launchChromium();
  xmpp = await startTestServer();
  await xmpp.addUser("alice", "alice-secret");
  // Alice's roster holds Bob, written over the protocol (RFC 6121 §2.3) by another session.
  const setup = await xmpp.login("alice", { password: "alice-secret", resource: "setup" });
  const set = await setup.iq(
    `<iq type="set"><query xmlns="jabber:iq:roster"><item jid="bob@localhost" name="Bob"><group>Friends</group></item></query></iq>`,
  );
  expect(set.attr("type")).toBe("result");
  await setup.close();
  bob = await xmpp.login("bob", { password: "bob-secret", resource: "harness" });
  bob.send("<presence/>");
  await bob.sync();

  pageBundle = await buildBrowserBundle(PAGE_ENTRY);
  web = await serveFiles({
    "/": { type: "text/html; charset=utf-8", body: HTML },
    "/page.js": { type: "text/javascript; charset=utf-8", body: pageBundle },
  });
  page = await browser.context.newPage();
  page.on("console", (m) => pageLog.push(`console.${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => pageLog.push(`pageerror: ${e.message}`));
  await page.goto(`${web.origin}/`);
  await page.waitForFunction(
    () => typeof (globalThis as { parleyBrowserRun?: unknown }).parleyBrowserRun === "function",
  );
}

afterAll(async () => {
  // Everything is closed even when a step above failed; the first error is reported.
  const closing = [browser?.close(), web?.close(), xmpp?.stop()];
  const results = await Promise.allSettled(closing);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
});

describe("@parley/client in headless Chromium", () => {
  it("serves the page a browser-only bundle (no Node module, no require)", () => {
    ready();
    expect(pageBundle).not.toContain("node:");
    expect(pageBundle).not.toMatch(/\brequire\b/);
    expect(pageBundle).not.toContain("_xmpp-client._tcp");
  });

  it("logs in with SCRAM over WebSocket, gets the roster, sends a message and gets the answer", async () => {
    const config: RunConfig = {
      url: `ws://127.0.0.1:${xmpp!.ports.http}/xmpp-websocket`,
      jid: "alice@localhost",
      password: "alice-secret",
      peer: "bob@localhost",
      body: OUT_BODY,
      timeoutMs: 20_000,
    };
    const run = ready().evaluate(
      (c) =>
        (
          globalThis as unknown as { parleyBrowserRun(c: RunConfig): Promise<RunResult> }
        ).parleyBrowserRun(c),
      config,
    );
    // Bob (the harness, over TCP) gets the message and answers the full JID it came from.
    const arrived = bob.expect(
      (el) => el.localName === "message" && el.getChild("body") !== undefined,
      { timeoutMs: 20_000 },
    );
    const received = await Promise.race([
      arrived,
      run.then((r) => {
        throw new Error(`the page finished before Bob got anything: ${JSON.stringify(r)}`);
      }),
    ]).catch((error: Error) => {
      throw new Error(`${error.message}\npage log:\n${pageLog.join("\n")}`);
    });
    expect(received.attr("from")).toBe("alice@localhost/chromium");
    expect(received.attr("to")).toBe("bob@localhost");
    expect(received.attr("type")).toBe("chat");
    expect(received.attr("id")).toBe("browser-1");
    expect(received.getChildText("body")).toBe(OUT_BODY);
    bob.send(
      xml(
        "message",
        { xmlns: "jabber:client", to: received.attr("from") ?? "", type: "chat", id: "reply-1" },
        xml("body", {}, REPLY_BODY),
      ),
    );

    const result = await run.catch((error: Error) => {
      throw new Error(`${error.message}\npage log:\n${pageLog.join("\n")}`);
    });
    expect(result).toEqual({
      hasGlobalWebSocket: true,
      jid: "alice@localhost/chromium",
      // ws:// has no TLS, so no -PLUS; the strongest SCRAM the server offers.
      mechanism: "SCRAM-SHA-512",
      roster: [{ jid: "bob@localhost", name: "Bob", subscription: "none", groups: ["Friends"] }],
      reply: { from: bob.jid, type: "chat", body: REPLY_BODY },
      statuses: ["connecting", "online", "closing", "offline"],
      errors: [],
    } satisfies RunResult);
    expect(bob.jid).toBe("bob@localhost/harness");
    expect(pageLog.filter((l) => l.startsWith("pageerror"))).toEqual([]);
  });
});
