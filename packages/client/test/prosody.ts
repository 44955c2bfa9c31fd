// Starts a private Prosody (Debian package) on loopback for the interop tests: its own config,
// data folder, self-signed certificate and free ports, stopped by PID afterwards.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ProsodyInstance {
  domain: string;
  c2sPort: number;
  directTlsPort: number;
  httpPort: number;
  dir: string;
  register(user: string, password: string): void;
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

export async function startProsody(): Promise<ProsodyInstance> {
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
`,
  );
  const child: ChildProcess = spawn("prosody", ["--config", config, "-F"], {
    stdio: "ignore",
    detached: false,
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      process.kill(child.pid, "SIGTERM");
      const killer = setTimeout(() => child.pid && process.kill(child.pid, "SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(c2sPort, Date.now() + 15_000);
    await waitForPort(httpPort, Date.now() + 5_000);
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
    register(user, password) {
      execFileSync("prosodyctl", ["--config", config, "register", user, domain, password], {
        stdio: "ignore",
        timeout: 20_000,
      });
    },
    stop,
  };
}
