// Where the account and the connection settings come from, first found wins:
// command-line flags, then the environment (PARLEY_JID, PARLEY_PASSWORD), then the config file,
// then (password only, on a terminal) a hidden prompt.
import type { ClientOptions } from "@parley/client";
import { Jid, JidError } from "@parley/jid";
import { UsageError } from "../errors";
import { type FileSettings, loadSettings } from "./config-file";
import { hiddenPrompt } from "./prompt";

/** The global options of every command (see program.ts). */
export interface GlobalOptions {
  jid?: string;
  password?: string;
  resource?: string;
  config?: string;
  host?: string;
  port?: number;
  websocket?: string;
  directTls?: boolean;
  insecure?: boolean;
  /** false with --no-tls. */
  tls?: boolean;
  /** Seconds. */
  timeout?: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface Terminal {
  isTTY: boolean;
  prompt(text: string): Promise<string>;
}

export const processTerminal: Terminal = {
  get isTTY() {
    return process.stdin.isTTY === true;
  },
  prompt: (text) => hiddenPrompt(text),
};

/** Everything about the connection except the account. */
export interface ConnectionSettings {
  host?: string;
  port?: number;
  url?: string;
  tls: "starttls" | "direct" | "none";
  insecure: boolean;
  resource?: string;
  /** --timeout in ms, when given (else the client's defaults apply). */
  timeoutMs?: number;
}

/** A bare or full JID with a local part, checked (RFC 7622). */
export function accountJid(text: string, what: string): Jid {
  let jid: Jid;
  try {
    jid = Jid.parse(text);
  } catch (error) {
    if (error instanceof JidError)
      throw new UsageError(`${what}: not a valid JID: ${text} (${error.message})`);
    throw error;
  }
  if (!jid.local) throw new UsageError(`${what}: ${text} has no local part (user@domain)`);
  return jid;
}

export function connectionSettings(o: GlobalOptions, file: FileSettings): ConnectionSettings {
  const directTls = o.directTls ?? file.direct_tls ?? false;
  if (o.tls === false && directTls)
    throw new UsageError("--no-tls and --direct-tls exclude each other");
  const url = o.websocket ?? file.websocket;
  if (url !== undefined && !/^wss?:\/\//.test(url)) {
    throw new UsageError(`--websocket: a ws:// or wss:// URL is needed, got ${url}`);
  }
  const timeout = o.timeout ?? file.timeout;
  if (timeout !== undefined && !(timeout > 0))
    throw new UsageError("timeout: must be a number of seconds > 0");
  const port = o.port ?? file.port;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new UsageError(`port: must be 1 to 65535, got ${port}`);
  }
  const settings: ConnectionSettings = {
    tls: o.tls === false ? "none" : directTls ? "direct" : "starttls",
    insecure: o.insecure ?? file.insecure ?? false,
  };
  const host = o.host ?? file.host;
  if (host !== undefined) settings.host = host;
  if (port !== undefined) settings.port = port;
  if (url !== undefined) settings.url = url;
  const resource = o.resource ?? file.resource;
  if (resource !== undefined) settings.resource = resource;
  if (timeout !== undefined) settings.timeoutMs = Math.round(timeout * 1000);
  return settings;
}

/** The password from the flag, PARLEY_PASSWORD, the file, or a prompt; else a usage error. */
export async function obtainPassword(
  given: string | undefined,
  env: Env,
  file: FileSettings,
  terminal: Terminal,
  confirm = false,
): Promise<string> {
  const password = given ?? (env.PARLEY_PASSWORD || undefined) ?? file.password;
  if (password !== undefined) {
    if (password === "") throw new UsageError("the password is empty");
    return password;
  }
  if (!terminal.isTTY) {
    throw new UsageError(
      "no password: give --password, set PARLEY_PASSWORD, put `password` in the config file, or run on a terminal to be asked",
    );
  }
  const typed = await terminal.prompt("Password: ");
  if (confirm && (await terminal.prompt("Password (again): ")) !== typed) {
    throw new UsageError("the passwords do not match");
  }
  if (typed === "") throw new UsageError("the password is empty");
  return typed;
}

export function toClientOptions(jid: Jid, password: string, s: ConnectionSettings): ClientOptions {
  const options: ClientOptions = {
    jid: jid.toString(),
    password,
    tls: s.tls,
    insecure: s.insecure,
    reconnect: false,
  };
  if (s.resource !== undefined) options.resource = s.resource;
  if (s.host !== undefined) options.host = s.host;
  if (s.port !== undefined) options.port = s.port;
  if (s.url !== undefined) options.url = s.url;
  if (s.timeoutMs !== undefined) {
    options.connectTimeoutMs = s.timeoutMs;
    options.timeoutMs = s.timeoutMs;
  }
  return options;
}

export interface ResolvedAccount {
  jid: Jid;
  client: ClientOptions;
  settings: ConnectionSettings;
}

/** The account every logged-in command uses. */
export async function resolveAccount(
  o: GlobalOptions,
  env: Env,
  terminal: Terminal = processTerminal,
): Promise<ResolvedAccount> {
  const file = await loadSettings(o.config, env);
  const settings = connectionSettings(o, file);
  const text = o.jid ?? (env.PARLEY_JID || undefined) ?? file.jid;
  if (text === undefined) {
    throw new UsageError("no account: give --jid, set PARLEY_JID, or put `jid` in the config file");
  }
  const jid = accountJid(text, "account");
  const password = await obtainPassword(o.password, env, file, terminal);
  return { jid, client: toClientOptions(jid, password, settings), settings };
}

/** Settings for `register`: the connection only, the password possibly confirmed on a prompt. */
export async function resolveForRegistration(
  o: GlobalOptions,
  password: string | undefined,
  env: Env,
  terminal: Terminal = processTerminal,
): Promise<{ settings: ConnectionSettings; password: string }> {
  const file = await loadSettings(o.config, env);
  const settings = connectionSettings(o, file);
  // The config file's password belongs to the configured account, not to a new one.
  return {
    settings,
    password: await obtainPassword(password ?? o.password, env, {}, terminal, true),
  };
}
