// Starts a private Prosody (Debian package) on loopback for the interop tests: its own config,
// data folder, self-signed certificate and free ports, stopped by PID afterwards.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ProsodyInstance {
  domain: string;
  c2sPort: number;
  directTlsPort: number;
  httpPort: number;
  dir: string;
  /** The self-signed certificate (PEM) presented for `domain`. */
  certificatePem: string;
  /** Creates an account with prosodyctl (on `host`, default `domain`). */
  register(user: string, password: string, host?: string): void;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`prosody did not listen on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export interface ProsodyOptions {
  /** Lua config text appended at the end (e.g. more VirtualHost sections). */
  extraConfig?: string;
}

export async function startProsody(options: ProsodyOptions = {}): Promise<ProsodyInstance> {
  const dir = mkdtempSync(join(tmpdir(), "parley-prosody-"));
  const domain = "localhost";
  const [c2sPort, directTlsPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-keyout",
      join(dir, `${domain}.key`),
      "-out",
      join(dir, `${domain}.crt`),
      "-subj",
      `/CN=${domain}`,
      "-addext",
      `subjectAltName=DNS:${domain}`,
    ],
    { stdio: "ignore" },
  );
  const config = join(dir, "prosody.cfg.lua");
  writeFileSync(
    config,
    `pidfile = "${dir}/prosody.pid"
data_path = "${dir}"
network_backend = "epoll"
run_as_root = true
prosody_user = "${process.getuid?.() === 0 ? "root" : (process.env.USER ?? "root")}"
log = { info = "${dir}/prosody.log" }
interfaces = { "127.0.0.1" }
c2s_ports = { ${c2sPort} }
c2s_direct_tls_ports = { ${directTlsPort} }
http_ports = { ${httpPort} }
http_interfaces = { "127.0.0.1" }
https_ports = {}
s2s_ports = {}
modules_enabled = { "roster", "saslauth", "tls", "disco", "ping", "smacks", "websocket", "http" }
modules_disabled = { "s2s", "offline" }
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_hashed"
storage = "internal"
consider_websocket_secure = true
smacks_hibernation_time = 60
certificates = "${dir}"
VirtualHost "${domain}"
  ssl = { certificate = "${dir}/${domain}.crt", key = "${dir}/${domain}.key" }
${options.extraConfig ?? ""}
`,
  );
  const child: ChildProcess = spawn("prosody", ["--config", config, "-F"], {
    stdio: "ignore",
    detached: false,
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A spawn failure (no prosody binary) arrives as an event; keep it from escaping.
  child.once("error", () => {});
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  };
  let stopping: Promise<void> | undefined;
  // Stopped by the PID we spawned, never by name: other Prosody instances may be running.
  const stop = () => {
    stopping ??= (async () => {
      const pid = child.pid;
      if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
        signal(pid, "SIGTERM");
        const killer = setTimeout(() => signal(pid, "SIGKILL"), 5000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  try {
    await waitForPort(c2sPort, Date.now() + 15_000);
    await waitForPort(httpPort, Date.now() + 15_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    domain,
    c2sPort,
    directTlsPort,
    httpPort,
    dir,
    certificatePem: readFileSync(join(dir, `${domain}.crt`), "utf8"),
    register(user, password, host = domain) {
      execFileSync("prosodyctl", ["--config", config, "register", user, host, password], {
        stdio: "ignore",
        timeout: 20_000,
      });
    },
    stop,
  };
}
