// slixmpp (Debian python3-slixmpp) as a peer: a Python child process running slix_client.py,
// driven with JSON lines on stdin/stdout.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Inbox, WAIT_MS, within } from "./waits";

/** The Debian interpreter: the python3 first on PATH may be another one without slixmpp. */
export const SYSTEM_PYTHON = "/usr/bin/python3";
const DRIVER = fileURLToPath(new URL("../slix_client.py", import.meta.url));

/** What the driver reports: a command's answer or an event from the server. */
export interface SlixEvent {
  event: "ready" | "message" | "presence" | "roster_push" | "disconnected";
  [field: string]: unknown;
}

export interface RosterItem {
  name: string;
  subscription: string;
  ask: string;
  groups: string[];
}

export interface SlixLogin {
  /** The bound full JID. */
  jid: string;
  /** The SASL mechanism that succeeded. */
  mechanism: string;
  /** STARTTLS was negotiated. */
  tls: boolean;
  /** Mechanisms tried and refused before that one. */
  failedMechanisms: string[];
}

export interface RosterAnswer {
  ver: string | null;
  items: Record<string, RosterItem>;
  cached: Record<string, RosterItem>;
}

export interface SlixConnectOptions {
  jid: string;
  password: string;
  port: number;
  caFile: string;
  host?: string;
  /** Forces one SASL mechanism (slixmpp's `sasl_mech`); default: slixmpp's own choice. */
  mechanism?: string;
}

type Answer = { ok: boolean; error?: string; [field: string]: unknown };

/** A child environment without the variables that would make Python load other packages. */
function pythonEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: "1" };
  for (const name of ["PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"]) delete env[name];
  env.PYTHONDONTWRITEBYTECODE = "1";
  return env;
}

/**
 * Throws unless the system interpreter imports slixmpp: the interop suite fails (it does not
 * skip) on a machine where the peers were not installed.
 */
export function assertSlixmppInstalled(python = SYSTEM_PYTHON): string {
  const probe = spawnSync(python, ["-c", "import slixmpp; print(slixmpp.__version__)"], {
    env: pythonEnv(),
    encoding: "utf8",
    timeout: 60_000,
  });
  if (probe.status !== 0) {
    const why = probe.error?.message ?? probe.stderr.trim().split("\n").pop() ?? "unknown error";
    throw new Error(
      `${python} cannot import slixmpp (${why}). The interop tests need the Debian package ` +
        "python3-slixmpp: run .ci/install-peers (as root or with sudo).",
    );
  }
  return probe.stdout.trim();
}

/**
 * A slixmpp driver process: slix_client.py by default, or another script speaking the same
 * JSON-lines protocol (slix_mobile.py) with events of its own (`E`).
 */
export class SlixClient<E extends { event: string; xml?: string } = SlixEvent> {
  readonly events: Inbox<E>;
  /** The bound full JID after connect(). */
  jid = "";
  private connected = false;
  private readonly pending = new Map<number, (answer: Answer) => void>();
  private nextId = 0;
  private stderr = "";
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    this.events = new Inbox((e) => JSON.stringify(e.xml ?? e));
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-6000);
    });
    createInterface({ input: child.stdout }).on("line", (line) => this.onLine(line));
    this.exited = new Promise((resolve) => {
      child.once("exit", (code) => {
        const error = new Error(`slixmpp peer ${name} exited (${code})${this.stderrTail()}`);
        this.events.close(error);
        for (const settle of this.pending.values()) settle({ ok: false, error: error.message });
        this.pending.clear();
        resolve(code);
      });
    });
    child.once("error", (error) => this.events.close(error));
  }

  /** Starts the Python driver (`script`, next to the tests) and waits until it is ready. */
  static async start<E extends { event: string; xml?: string } = SlixEvent>(
    name: string,
    script?: string,
  ): Promise<SlixClient<E>> {
    const path = script ? fileURLToPath(new URL(`../${script}`, import.meta.url)) : DRIVER;
    const child = spawn(SYSTEM_PYTHON, [path], { env: pythonEnv(), stdio: "pipe" });
    const client = new SlixClient<E>(name, child);
    await client.events.take((e) => e.event === "ready", `${name}: driver ready`, 60_000);
    return client;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private onLine(line: string): void {
    let parsed: Answer & { id?: number; event?: string };
    try {
      parsed = JSON.parse(line);
    } catch {
      this.stderr += `\n(stdout) ${line}`;
      return;
    }
    if (typeof parsed.id === "number") {
      const settle = this.pending.get(parsed.id);
      this.pending.delete(parsed.id);
      settle?.(parsed);
    } else if (parsed.event) {
      this.events.push(parsed as unknown as E);
    }
  }

  private stderrTail(): string {
    const tail = this.stderr.trim();
    return tail ? `\nslixmpp stderr:\n${tail}` : "";
  }

  /** Sends a command; resolves with its answer, rejects when the driver reports a failure. */
  async command(cmd: string, args: Record<string, unknown> = {}, ms = WAIT_MS): Promise<Answer> {
    const id = ++this.nextId;
    const answer = new Promise<Answer>((resolve) => this.pending.set(id, resolve));
    this.child.stdin.write(`${JSON.stringify({ id, cmd, ...args })}\n`);
    const result = await within(answer, `${this.name}: answer to ${cmd}${this.stderrTail()}`, ms);
    if (!result.ok) {
      throw new Error(`${this.name}: ${cmd} failed: ${result.error}${this.stderrTail()}`);
    }
    if (cmd === "connect") this.connected = true;
    return result;
  }

  /** Logs in (STARTTLS is forced, the certificate verified against `caFile`). */
  async connect(o: SlixConnectOptions): Promise<SlixLogin> {
    const answer = await this.command(
      "connect",
      { ...o, host: o.host ?? "127.0.0.1" },
      // Several PBKDF2 rounds and a TLS handshake in pure Python on a slow machine.
      WAIT_MS * 2,
    );
    this.jid = String(answer.jid);
    return answer as unknown as SlixLogin;
  }

  /**
   * Roster get through slixmpp (which sends its cached version, RFC 6121 §2.6). `fresh` asks for
   * the whole roster (ver=""). `items` = the answer's items; `cached` = slixmpp's roster after it;
   * `ver` = null when the answer was an empty result (nothing changed since that version).
   */
  async rosterGet(options: { fresh?: boolean } = {}): Promise<RosterAnswer> {
    const answer = await this.command("roster_get", options);
    return answer as unknown as RosterAnswer;
  }

  /** The first event matching, queued or to come; a timeout shows slixmpp's stderr too. */
  async expect(predicate: (e: E) => boolean, what: string, ms?: number): Promise<E> {
    try {
      return await this.events.take(predicate, `${this.name}: ${what}`, ms);
    } catch (error) {
      throw new Error(`${(error as Error).message}${this.stderrTail()}`, { cause: error });
    }
  }

  /** Disconnects politely when possible, then makes sure the process is gone (by PID). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      if (this.connected) await this.command("disconnect", {}, 5000);
    } catch {
      // the process is killed below either way
    }
    this.child.stdin.end();
    const exited = await Promise.race([
      this.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 5000).unref()),
    ]);
    if (!exited && this.child.pid !== undefined) {
      try {
        process.kill(this.child.pid, "SIGKILL");
      } catch {
        // exited in the meantime
      }
      await this.exited;
    }
  }
}
