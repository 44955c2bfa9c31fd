// Account sources, connection flags, and the exit codes of failures to connect (real server).
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, killAll, removeHome, runCli } from "./cli";
import { type CliServer, cliServer } from "./server";

let s: CliServer;
let home: string;
beforeAll(async () => {
  s = await cliServer();
  await s.t.addUser("alice", "wonderland");
  home = cleanEnv().HOME!;
});
afterEach(() => killAll());
afterAll(async () => {
  await s.t.stop();
  removeHome();
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const disco = (extra: string[] = []) => runCli([...s.flags, ...extra, "disco"]);

describe("account sources", () => {
  it("takes the account from flags", async () => {
    const r = await disco(s.as("alice", "wonderland"));
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^identity: server\/im "Parley"$/m);
    expect(r.code).toBe(0);
  });

  it("takes it from PARLEY_JID and PARLEY_PASSWORD", async () => {
    const r = await runCli([...s.flags, "disco"], {
      env: { PARLEY_JID: "alice@localhost", PARLEY_PASSWORD: "wonderland" },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("feature: http://jabber.org/protocol/disco#info");
  });

  it("takes everything from a config file given with --config, flags winning over it", async () => {
    const file = join(home, "alt.toml");
    writeFileSync(
      file,
      `jid = "alice@localhost"\npassword = "wonderland"\nhost = "127.0.0.1"\nport = ${s.t.ports.c2s}\ninsecure = true\ntimeout = 10\n`,
    );
    expect((await runCli(["--config", file, "disco"])).code).toBe(0);
    const wrong = await runCli(["--config", file, "--password", "nope", "disco"]);
    expect(wrong.code).toBe(3);
  });

  it("reads ~/.config/parley/config.toml by default, and the environment wins over it", async () => {
    const dir = join(home, "xdg");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "parley"), { recursive: true });
    writeFileSync(
      join(dir, "parley", "config.toml"),
      'jid = "alice@localhost"\npassword = "wrong"\n',
    );
    const env = { XDG_CONFIG_HOME: dir };
    expect((await runCli([...s.flags, "disco"], { env })).code).toBe(3);
    const r = await runCli([...s.flags, "disco"], {
      env: { ...env, PARLEY_PASSWORD: "wonderland" },
    });
    expect(r.code).toBe(0);
  });

  it("reports config file mistakes as usage errors (2)", async () => {
    const bad = join(home, "bad.toml");
    writeFileSync(bad, 'jid = "alice@localhost"\npasword = "typo"\n');
    let r = await runCli(["--config", bad, "disco"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pasword: unknown key");
    writeFileSync(bad, "port = 'x\n");
    r = await runCli(["--config", bad, "disco"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.toml:1:\d+/);
    writeFileSync(bad, 'port = "5222"\n');
    r = await runCli(["--config", bad, "disco"]);
    expect(r.stderr).toContain("port: must be a number");
    r = await runCli(["--config", join(home, "missing.toml"), "disco"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot read the config file (ENOENT)");
  });

  it("needs a JID and, without a terminal, a password from somewhere (2)", async () => {
    let r = await runCli([...s.flags, "disco"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no account: give --jid, set PARLEY_JID");
    r = await runCli([...s.flags, "--jid", "alice@localhost", "disco"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no password");
    expect(r.stderr).toContain("terminal");
    r = await runCli([...s.flags, "--jid", "localhost", "--password", "x", "disco"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("has no local part");
    r = await runCli([...s.flags, "--jid", "a@b@c", "--password", "x", "disco"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a valid JID");
  });
});

describe("transports", () => {
  it("connects with direct TLS (XEP-0368)", async () => {
    const r = await runCli([
      ...s.as("alice", "wonderland"),
      "--host",
      "127.0.0.1",
      "--port",
      String(s.t.ports.c2sTls),
      "--direct-tls",
      "--insecure",
      "ping",
      "alice@localhost",
    ]);
    // The account itself answers for its bare JID: the server's ping handler is not loaded.
    expect(r.stderr).toMatch(/alice@localhost: (service-unavailable|feature-not-implemented)/);
  });

  it("connects over WebSocket (RFC 7395)", async () => {
    const r = await runCli([
      ...s.as("alice", "wonderland"),
      "--websocket",
      `ws://127.0.0.1:${s.t.ports.http}/xmpp-websocket`,
      "disco",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("connects over plain TCP with --no-tls when the server allows it", async () => {
    const r = await runCli([
      ...s.as("alice", "wonderland"),
      "--host",
      "127.0.0.1",
      "--port",
      String(s.t.ports.c2s),
      "--no-tls",
      "disco",
    ]);
    expect(r.code).toBe(0);
  });
});

describe("exit codes of failures", () => {
  it("3 for a wrong password", async () => {
    const r = await disco(s.as("alice", "wrong"));
    expect(r.code).toBe(3);
    expect(r.stderr).toBe("parley: authentication failed: not-authorized\n");
  });

  it("3 for an account that does not exist", async () => {
    expect((await disco(s.as("nobody", "x"))).code).toBe(3);
  });

  it("4 for a closed port", async () => {
    const port = await closedPort();
    const r = await runCli([
      ...s.as("alice", "wonderland"),
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "disco",
    ]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^parley: cannot reach the server: .*ECONNREFUSED/);
  });

  it("5 for a self-signed certificate without --insecure, on STARTTLS and direct TLS", async () => {
    const base = [...s.as("alice", "wonderland"), "--host", "127.0.0.1"];
    let r = await runCli([...base, "--port", String(s.t.ports.c2s), "disco"]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("--insecure");
    r = await runCli([...base, "--port", String(s.t.ports.c2sTls), "--direct-tls", "disco"]);
    expect(r.code).toBe(5);
  });

  it("5 when a server offers no STARTTLS (unless --no-tls)", async () => {
    const plain = await cliServer({ tls: undefined, listeners: { c2s: 0, c2sTls: undefined } });
    try {
      await plain.t.addUser("alice", "wonderland");
      const base = [
        ...s.as("alice", "wonderland"),
        "--host",
        "127.0.0.1",
        "--port",
        String(plain.t.ports.c2s),
      ];
      const r = await runCli([...base, "disco"]);
      expect(r.code).toBe(5);
      expect(r.stderr).toContain("STARTTLS");
      expect((await runCli([...base, "--no-tls", "disco"])).code).toBe(0);
    } finally {
      await plain.t.stop();
    }
  });

  it("2 for usage errors, with a hint", async () => {
    const cases = [
      ["--port", "0", "disco"],
      ["--timeout", "soon", "disco"],
      ["send"],
      ["send", "--type", "groupchat", "bob@localhost", "hi"],
      ["frobnicate"],
      ["listen", "--count", "0"],
      ["presence", "--show", "busy"],
      ["disco", "--bogus"],
      ["--direct-tls", "--no-tls", ...s.as("alice", "wonderland"), "disco"],
      ["--websocket", "http://x", ...s.as("alice", "wonderland"), "disco"],
    ];
    for (const args of cases) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).not.toBe("");
    }
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: parley");
  });
});

describe("--help", () => {
  it("documents account sources and exit codes", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("PARLEY_JID");
    expect(r.stdout).toContain("~/.config/parley/config.toml");
    for (const code of [0, 1, 2, 3, 4, 5, 6, 7])
      expect(r.stdout).toMatch(new RegExp(`^  ${code}  `, "m"));
  });

  it("has examples for every command", async () => {
    const commands = [
      "send",
      "listen",
      "chat",
      "roster",
      "roster list",
      "roster add",
      "roster remove",
      "presence",
      "ping",
      "disco",
      "register",
      "console",
    ];
    for (const c of commands) {
      const r = await runCli([...c.split(" "), "--help"]);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toContain("Examples:");
      expect(r.stdout, c).toContain(`$ parley ${c.split(" ")[0]}`);
    }
  });
});
