// The script of the test page, bundled for the browser together with the client (build.mjs).
// It installs `parleyBrowserRun` on the page; the test calls it through page.evaluate and gets
// back what happened, as plain JSON.
import { xml } from "@parley/xml";
import { createClient } from "../../src/index";
import type { RosterItem } from "../../src/index";

export interface RunConfig {
  /** ws:// URL of the server's RFC 7395 endpoint. */
  url: string;
  jid: string;
  password: string;
  /** Who gets the message (bare JID); the test's TestClient answers as that account. */
  peer: string;
  body: string;
  timeoutMs: number;
}

export interface RunResult {
  hasGlobalWebSocket: boolean;
  jid: string;
  mechanism: string | undefined;
  roster: RosterItem[];
  reply: { from: string | undefined; type: string; body: string | undefined };
  statuses: string[];
  errors: string[];
}

async function run(config: RunConfig): Promise<RunResult> {
  const statuses: string[] = [];
  const errors: string[] = [];
  const client = createClient({
    jid: config.jid,
    password: config.password,
    url: config.url,
    resource: "chromium",
    reconnect: false,
    timeoutMs: config.timeoutMs,
  });
  client.on("status", (s) => statuses.push(s));
  client.on("error", (e) => errors.push(`${e.name}: ${e.message}`));
  try {
    const jid = await client.start();
    const roster = await client.roster.get();
    const reply = new Promise<RunResult["reply"]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no reply in time")), config.timeoutMs);
      client.on("message", (m) => {
        if (m.body === undefined) return;
        clearTimeout(timer);
        resolve({ from: m.from, type: m.type, body: m.body });
      });
    });
    reply.catch(() => {}); // awaited below; no unhandled rejection if send() throws first
    client.send(
      xml(
        "message",
        { xmlns: "jabber:client", to: config.peer, type: "chat", id: "browser-1" },
        xml("body", {}, config.body),
      ),
    );
    return {
      hasGlobalWebSocket: typeof (globalThis as { WebSocket?: unknown }).WebSocket === "function",
      jid: jid.toString(),
      mechanism: client.mechanism,
      roster,
      reply: await reply,
      statuses,
      errors,
    };
  } finally {
    await client.stop();
  }
}

(globalThis as { parleyBrowserRun?: typeof run }).parleyBrowserRun = run;
