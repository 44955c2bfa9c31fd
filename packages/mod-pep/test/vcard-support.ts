// Helpers for the XEP-0398 scenarios: a server with the built-in modules and mod-pep whose log is
// recorded, stand-in images, and vCard stanzas.
import { type Logger, type ModuleDefinition, builtinModules } from "@parley/server";
import { type TestClient, type TestServer, startTestServer } from "@parley/server/testing";
import { MemoryStorage, type Storage } from "@parley/storage";
import { pepModule } from "../src/index";

const EVENT = "http://jabber.org/protocol/pubsub#event";
export const VCARD = "vcard-temp";
export const METADATA = "urn:xmpp:avatar:metadata";
export const DATA = "urn:xmpp:avatar:data";

export interface LogEntry {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

/** A logger that keeps what it is told and lets a test wait for a line. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];
  private waiters: { test: (e: LogEntry) => boolean; resolve: (e: LogEntry) => void }[] = [];

  private add(level: string, msg: string, fields?: Record<string, unknown>): void {
    const entry = { level, msg, fields };
    this.entries.push(entry);
    for (const w of [...this.waiters]) {
      if (w.test(entry)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(entry);
      }
    }
  }
  debug = (msg: string, fields?: Record<string, unknown>) => this.add("debug", msg, fields);
  info = (msg: string, fields?: Record<string, unknown>) => this.add("info", msg, fields);
  warn = (msg: string, fields?: Record<string, unknown>) => this.add("warn", msg, fields);
  error = (msg: string, fields?: Record<string, unknown>) => this.add("error", msg, fields);

  /** The first warning containing `text` with `fields` (already logged or still to come). */
  warning(text: string, fields: Record<string, unknown> = {}): Promise<LogEntry> {
    const test = (e: LogEntry) =>
      e.level === "warn" &&
      e.msg.includes(text) &&
      Object.entries(fields).every(([k, v]) => e.fields?.[k] === v);
    const found = this.entries.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
}

const running: TestServer[] = [];

/** Memory storage whose writes to the "vcard" store take `ms` (a slow database). */
export function slowVcardStorage(ms: number): Storage {
  const storage = new MemoryStorage();
  const set = storage.kv.set.bind(storage.kv);
  Object.assign(storage.kv, {
    set: async (store: string, owner: string, key: string, value: string | undefined) => {
      if (store === "vcard") await new Promise((r) => setTimeout(r, ms));
      return set(store, owner, key, value);
    },
  });
  return storage;
}

export async function startWithVcard(
  pep: Record<string, unknown> = {},
  moduleConfig: Record<string, Record<string, unknown>> = {},
  storage?: Storage,
  extra: readonly ModuleDefinition[] = [],
): Promise<{ t: TestServer; log: RecordingLogger }> {
  const log = new RecordingLogger();
  const t = await startTestServer({
    modules: [...builtinModules, pepModule, ...extra],
    moduleConfig: { pep, ...moduleConfig },
    logger: log,
    ...(storage ? { storage } : {}),
  });
  running.push(t);
  return { t, log };
}

export async function stopVcardServers(): Promise<void> {
  await Promise.all(running.splice(0).map((t) => t.stop()));
}

/** Bytes that start like a PNG of `width`×`height` (signature + IHDR), then `size` filler bytes. */
export function fakePng(width: number, height: number, size = 64, seed = 1): Uint8Array {
  const bytes = new Uint8Array(33 + size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  for (let i = 33; i < bytes.length; i++) bytes[i] = (i * 31 + seed * 17) & 0xff;
  return bytes;
}

export const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
export const unb64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));

export async function sha1Hex(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await crypto.subtle.digest("SHA-1", bytes)).toString("hex");
}

/** `<iq type=set><vCard>…</vCard></iq>` */
export function vcardSet(inner: string, to?: string): string {
  return `<iq type="set"${to ? ` to="${to}"` : ""}><vCard xmlns="${VCARD}">${inner}</vCard></iq>`;
}

export function vcardGet(to?: string): string {
  return `<iq type="get"${to ? ` to="${to}"` : ""}><vCard xmlns="${VCARD}"/></iq>`;
}

export function photo(type: string | undefined, binval: string): string {
  return `<PHOTO>${type === undefined ? "" : `<TYPE>${type}</TYPE>`}<BINVAL>${binval}</BINVAL></PHOTO>`;
}

/** Base64 wrapped in 76-character lines, as XEP-0054 clients often send it. */
export function wrapped(text: string): string {
  return text.replace(/.{1,76}/g, (line) => `${line}\n`);
}

/** Fails when a PEP event notification is waiting unclaimed (call after sync()). */
export function expectNoEvents(c: TestClient): void {
  const events = c.unclaimed.filter((e) => e.localName === "message" && e.getChild("event", EVENT));
  if (events.length > 0) throw new Error(`unexpected notifications: ${events.join("\n")}`);
}
