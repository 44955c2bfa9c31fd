// End to end: the real `parley-server start` process on ports 0 with a temp data folder.
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli, spawnCli, tempDir } from "./cli";
import { RawXmpp } from "./xmpp-socket";

interface Started {
  child: ChildProcess;
  ports: { c2s: number; tls: number; http: number };
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

let tmp: ReturnType<typeof tempDir>;
const children: ChildProcess[] = [];
const sockets: RawXmpp[] = [];
const env = {
  PARLEY_C2S_PORT: "0",
  PARLEY_TLS_PORT: "0",
  PARLEY_HTTP_PORT: "0",
  PARLEY_BIND: "127.0.0.1",
  PARLEY_SCRAM_ITERATIONS: "4096",
};

async function start(): Promise<Started> {
  const child = spawnCli(["start"], { cwd: tmp.dir, env });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // Ready once it printed its data folder, the last line of its start-up report.
  await new Promise<void>((resolve, reject) => {
    const ready = () => /^data: .*\n/m.test(out);
    const onData = () => {
      if (!ready()) return;
      stop();
      resolve();
    };
    const fail = (why: string) => {
      stop();
      reject(new Error(`server did not start (${why}): ${out}${err}`));
    };
    const onExit = () => fail("exited");
    const timer = setTimeout(() => fail("no start-up report within 60 s"), 60_000);
    const stop = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", onData);
    child.on("exit", onExit);
    if (child.exitCode !== null) fail("exited");
    else onData();
  });
  const port = (re: RegExp) => Number(re.exec(out)?.[1]);
  return {
    child,
    ports: {
      c2s: port(/c2s \(STARTTLS\) on 127\.0\.0\.1:(\d+)/),
      tls: port(/direct TLS \(XEP-0368\) on 127\.0\.0\.1:(\d+)/),
      http: port(/HTTP on 127\.0\.0\.1:(\d+)/),
    },
    stdout: () => out,
    stderr: () => err,
    exited,
  };
}

beforeAll(async () => {
  tmp = tempDir();
  const r = await runCli(["adduser", "alice@localhost", "-p", "wonderland"], { cwd: tmp.dir, env });
  expect(r.code).toBe(0);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
  for (const c of children.splice(0))
    if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});
afterAll(() => tmp.remove());

// Whole server processes, started twice in a test: bounds for a machine busy with other work.
describe("parley-server start", { timeout: 180_000 }, () => {
  it("serves TLS with its own certificate, shuts streams down on SIGTERM, and keeps accounts", async () => {
    const server = await start();
    expect(server.stdout()).toMatch(
      /^listening: c2s \(STARTTLS\) on 127\.0\.0\.1:\d+\nlistening: c2s direct TLS \(XEP-0368\) on 127\.0\.0\.1:\d+\nlistening: HTTP on 127\.0\.0\.1:\d+, WebSocket \(RFC 7395\) at ws:\/\/127\.0\.0\.1:\d+\/xmpp-websocket\ndata: .*\n$/,
    );
    expect(server.stdout()).toContain(`data: ${join(tmp.dir, "data")}\n`);
    const ca = readFileSync(join(tmp.dir, "data/tls/localhost.crt"), "utf8");

    // Direct TLS (XEP-0368), verified against the generated certificate for "localhost".
    const direct = await RawXmpp.tls(server.ports.tls, ca);
    sockets.push(direct);
    direct.openStream();
    const features = await direct.waitFor(/<\/stream:features>/);
    expect(features).toContain("<mechanism>SCRAM-SHA-256</mechanism>");
    expect(features).toContain("<mechanism>PLAIN</mechanism>");
    expect(await direct.plain("alice", "wonderland")).toMatch(/^<success/);

    // c2s on the STARTTLS port offers STARTTLS, required (RFC 6120 §5.3.1).
    const plain = await RawXmpp.tcp(server.ports.c2s);
    sockets.push(plain);
    plain.openStream();
    expect(await plain.waitFor(/<\/stream:features>/)).toMatch(
      /<starttls xmlns=["']urn:ietf:params:xml:ns:xmpp-tls["']><required\/><\/starttls>/,
    );

    // An account added while the server runs (a second SQLite connection).
    expect(
      (await runCli(["adduser", "bob@localhost", "-p", "builder"], { cwd: tmp.dir, env })).code,
    ).toBe(0);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(
      await direct.waitFor(/<system-shutdown xmlns=["']urn:ietf:params:xml:ns:xmpp-streams["']\/>/),
    ).toContain("</stream:stream>");
    await direct.closed;
    expect(server.stderr()).toContain("SIGTERM: stopping");

    // Restart on the same data folder: same certificate, both accounts still there.
    const again = await start();
    expect(again.stderr()).not.toContain("made a self-signed certificate");
    const after = await RawXmpp.tls(again.ports.tls, ca);
    sockets.push(after);
    after.openStream();
    await after.waitFor(/<\/stream:features>/);
    expect(await after.plain("bob", "builder")).toMatch(/^<success/);
    expect((await runCli(["users", "list"], { cwd: tmp.dir, env })).stdout).toBe(
      "alice@localhost\nbob@localhost\n",
    );
    again.child.kill("SIGINT");
    expect(await again.exited).toBe(0);
  });

  it("runs the bundled extensions: stream management, CSI, MUC and upload services", async () => {
    const server = await start();
    const ca = readFileSync(join(tmp.dir, "data/tls/localhost.crt"), "utf8");
    const c = await RawXmpp.tls(server.ports.tls, ca);
    sockets.push(c);
    c.openStream();
    await c.waitFor(/<\/stream:features>/);
    expect(await c.plain("alice", "wonderland")).toMatch(/^<success/);
    c.openStream();
    const features = await c.waitFor(/<bind [^>]*>.*<\/stream:features>/s);
    const afterAuth = features.slice(features.lastIndexOf("<stream:features"));
    expect(afterAuth).toMatch(/<sm xmlns=["']urn:xmpp:sm:3["']/);
    expect(afterAuth).toMatch(/<csi xmlns=["']urn:xmpp:csi:0["']/);
    c.send(
      "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>e2e</resource></bind></iq>",
    );
    await c.waitFor(
      /<iq[^>]*id=["']b1["'][^>]*type=["']result["']|<iq[^>]*type=["']result["'][^>]*id=["']b1["']/,
    );
    c.send(
      "<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>",
    );
    const items = await c.waitFor(/id=["']d1["'].*?<\/iq>/s);
    expect(items).toMatch(/<item jid=["']conference\.localhost["']/);
    expect(items).toMatch(/<item jid=["']upload\.localhost["']/);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("fails with exit 1 and a clear message when a port is taken", async () => {
    const first = await start();
    const taken = await runCli(["start"], {
      cwd: tmp.dir,
      env: { ...env, PARLEY_C2S_PORT: String(first.ports.c2s) },
    });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/parley-server: .*(EADDRINUSE|in use)/);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
  });
});
