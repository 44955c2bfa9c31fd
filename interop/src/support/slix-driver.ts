// A slixmpp driver script other than slix_client.py (e.g. slix_mobile.py) as a peer: the same
// JSON-lines protocol, the same bounded waits, killed by PID when it does not leave in time.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { SYSTEM_PYTHON, type SlixEvent } from "./slixmpp";
import { Inbox, WAIT_MS, within } from "./waits";

type Answer = { ok: boolean; error?: string; [field: string]: unknown };

/** What the mobile driver reports besides slix_client.py's events. */
export interface MobileEvent extends Omit<SlixEvent, "event"> {
  event: SlixEvent["event"] | "carbon";
}

export class SlixDriver {
  readonly events = new Inbox<MobileEvent>((e) => JSON.stringify(e.xml ?? e));
  private readonly pending = new Map<number, (answer: Answer) => void>();
  private next = 0;
  private stderr = "";
  private connected = false;
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-6000);
    });
    createInterface({ input: child.stdout }).on("line", (line) => this.onLine(line));
    this.exited = new Promise((resolve) => {
      child.once("exit", (code) => {
        const error = new Error(`${name} exited (${code})${this.tail()}`);
        this.events.close(error);
        for (const settle of this.pending.values()) settle({ ok: false, error: error.message });
        this.pending.clear();
        resolve();
      });
    });
    child.once("error", (error) => this.events.close(error));
  }

  /** Starts `script` (next to the tests, e.g. "slix_mobile.py") with the Debian interpreter. */
  static async start(script: string, name: string): Promise<SlixDriver> {
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: "1" };
    for (const k of ["PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"]) delete env[k];
    env.PYTHONDONTWRITEBYTECODE = "1";
    const path = fileURLToPath(new URL(`../${script}`, import.meta.url));
    const driver = new SlixDriver(name, spawn(SYSTEM_PYTHON, [path], { env, stdio: "pipe" }));
    await driver.events.take((e) => e.event === "ready", `${name}: driver ready`, 60_000);
    return driver;
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
      this.events.push(parsed as unknown as MobileEvent);
    }
  }

  private tail(): string {
    const t = this.stderr.trim();
    return t ? `\nslixmpp stderr:\n${t}` : "";
  }

  /** A command; resolves with its answer, rejects with the driver's error and stderr. */
  async command(cmd: string, args: Record<string, unknown> = {}, ms = WAIT_MS): Promise<Answer> {
    const id = ++this.next;
    const answer = new Promise<Answer>((resolve) => this.pending.set(id, resolve));
    this.child.stdin.write(`${JSON.stringify({ id, cmd, ...args })}\n`);
    const result = await within(answer, `${this.name}: answer to ${cmd}${this.tail()}`, ms);
    if (!result.ok) throw new Error(`${this.name}: ${cmd} failed: ${result.error}${this.tail()}`);
    if (cmd === "connect") this.connected = true;
    return result;
  }

  /** The first event matching, queued or to come; a timeout shows slixmpp's stderr too. */
  async expect(
    predicate: (e: MobileEvent) => boolean,
    what: string,
    ms?: number,
  ): Promise<MobileEvent> {
    try {
      return await this.events.take(predicate, `${this.name}: ${what}`, ms);
    } catch (error) {
      throw new Error(`${(error as Error).message}${this.tail()}`, { cause: error });
    }
  }

  /** Disconnects politely when it can, then makes sure the process is gone (by PID). */
  async stop(): Promise<void> {
    if (process.env.SLIX_DUMP) console.log(this.stderr);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.connected) await this.command("disconnect", {}, 5000).catch(() => undefined);
    this.child.stdin.end();
    const gone = await Promise.race([
      this.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 5000).unref()),
    ]);
    if (!gone && this.child.pid !== undefined) {
      try {
        process.kill(this.child.pid, "SIGKILL");
      } catch {
        // exited in the meantime
      }
      await this.exited;
    }
  }
}
