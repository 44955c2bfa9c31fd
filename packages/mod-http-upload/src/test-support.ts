// Shared pieces of the scenario tests (not exported from index.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestClient, type TestServer, startTestServer } from "@parley/server/testing";
import type { Element } from "@parley/xml";
import { httpUploadModule } from "./index";

export const UPLOAD = "urn:xmpp:http:upload:0";
export const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

const running: TestServer[] = [];
const folders: string[] = [];

export async function uploadServer(
  config: Record<string, unknown> = {},
): Promise<TestServer & { folder: string }> {
  const folder = mkdtempSync(join(tmpdir(), "parley-upload-"));
  folders.push(folder);
  const t = await startTestServer({
    extraModules: [httpUploadModule],
    moduleConfig: { http_upload: { path: folder, ...config } },
  });
  running.push(t);
  return Object.assign(t, { folder });
}

export async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((t) => t.stop()));
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
}

export interface Slot {
  put: string;
  get: string;
  headers: Record<string, string>;
}

/** Sends a slot request; resolves with the iq answer. */
export function requestSlot(
  c: TestClient,
  attrs: Record<string, string>,
  to = "upload.localhost",
): Promise<Element> {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join("");
  return c.iq(`<iq type="get" to="${to}"><request xmlns="${UPLOAD}"${a}/></iq>`);
}

export function slotOf(reply: Element): Slot {
  const slot = reply.getChild("slot", UPLOAD);
  if (!slot) throw new Error(`no slot in ${reply.toString()}`);
  const put = slot.getChild("put", UPLOAD)!;
  const headers: Record<string, string> = {};
  for (const h of put.getChildren("header", UPLOAD)) headers[h.attr("name")!] = h.text();
  return { put: put.attr("url")!, get: slot.getChild("get", UPLOAD)!.attr("url")!, headers };
}

export async function getSlot(c: TestClient, attrs: Record<string, string>): Promise<Slot> {
  return slotOf(await requestSlot(c, attrs));
}

export function putFile(
  slot: Slot,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(slot.put, { method: "PUT", body, headers: { ...slot.headers, ...headers } });
}
