// Failures say what happened: the stream error condition and text, "TLS required", "timed out",
// a refused WebSocket upgrade; conditions are not printed twice. Also --version and message ids.
import { readFileSync } from "node:fs";
import { type Server, type Socket, createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killAll, removeHome, runCli, spawnCli } from "./cli";
import { type CliServer, cliServer } from "./server";

let s: CliServer;
beforeAll(async () => {
  s = await cliServer({ limits: { maxStanzaBytes: 4096 } });
  for (const u of ["alice", "bob"]) await s.t.addUser(u);
});
afterEach(() => killAll());
afterAll(async () => {
  await s.t.stop();
  removeHome();
});

const as = (local: string, ...args: string[]) => [...s.flags, ...s.as(local), ...args];

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((r) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => r());
      }),
  };
}

describe("error messages", () => {
  it("an oversized message shows the stream error condition and text, not 'client offline'", async () => {
    const r = await runCli(as("alice", "send", "bob@localhost", "x".repeat(5000)));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^parley: stream error: policy-violation \(.*4096.*\)\n$/);
    expect(r.stderr).not.toContain("offline");
  });

  it("--no-tls against a server that requires TLS says so (5)", async () => {
    const strict = await cliServer({ requireEncryption: true });
    try {
      await strict.t.addUser("alice");
      const r = await runCli([
        ...strict.as("alice"),
        "--host",
        "127.0.0.1",
        "--port",
        String(strict.t.ports.c2s),
        "--no-tls",
        "disco",
      ]);
      expect(r.stderr).toBe(
        "parley: the server requires TLS (STARTTLS) before authentication (leave out --no-tls)\n",
      );
      expect(r.code).toBe(5);
    } finally {
      await strict.t.stop();
    }
  });

  it("--timeout reached while connecting says it timed out (6)", async () => {
    const silent = await silentServer();
    try {
      // Direct TLS: the TCP connection opens, the TLS handshake never ends.
      const r = await runCli([
        ...s.as("alice"),
        "--host",
        "127.0.0.1",
        "--port",
        String(silent.port),
        "--direct-tls",
        "--timeout",
        "0.5",
        "disco",
      ]);
      expect(r.stderr).toBe(
        `parley: timeout: no TLS connection to 127.0.0.1:${silent.port} in 500 ms\n`,
      );
      expect(r.code).toBe(6);
    } finally {
      await silent.close();
    }
  });

  it("a wrong WebSocket path says the server refused the upgrade, with the HTTP status", async () => {
    const url = `ws://127.0.0.1:${s.t.ports.http}/no-such-path`;
    const r = await runCli([...s.as("alice"), "--websocket", url, "disco"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      new RegExp(
        `^parley: cannot reach the server: the server refused the WebSocket upgrade at ${url} \\(HTTP 4\\d\\d`,
      ),
    );
  });

  it("prints a condition once ('authentication failed: not-authorized')", async () => {
    const r = await runCli([...s.flags, ...s.as("alice", "wrong"), "disco"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^parley: authentication failed: not-authorized( \(.+\))?\n$/);
    expect(r.stderr).not.toMatch(
      /not-authorized: not-authorized|not-authorized \(not-authorized\)/,
    );
  });
});

describe("--version", () => {
  it("prints the CLI's package version", async () => {
    const { version } = JSON.parse(
      readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    ) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const r = await runCli([flag]);
      expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    }
  });
});

describe("message ids", () => {
  it("chat sends every message with an id", async () => {
    const bob = await s.t.login("bob", { resource: "desk" });
    const chat = spawnCli(as("alice", "chat", "bob@localhost/desk"), { stdin: "one\ntwo\n" });
    const first = await bob.expect((el) => el.localName === "message");
    const second = await bob.expect((el) => el.localName === "message");
    expect(first.getChildText("body")).toBe("one");
    expect(second.getChildText("body")).toBe("two");
    expect(first.attr("id")).toMatch(/^\S+$/);
    expect(second.attr("id")).toMatch(/^\S+$/);
    expect(first.attr("id")).not.toBe(second.attr("id"));
    expect((await chat.result()).code).toBe(0);
    await bob.close();
  });
});
