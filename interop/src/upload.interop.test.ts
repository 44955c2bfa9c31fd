// slixmpp's XEP-0363 plugin (Debian python3-slixmpp, with python3-aiohttp for its HTTP PUT)
// against a Parley server running @parley/mod-http-upload: service discovery through the
// server's disco#items, max-file-size from the service's form, a slot, the PUT with the slot's
// headers, and our GET of the file afterwards.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { httpUploadModule } from "@parley/mod-http-upload";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { Cleanup, startInteropServer } from "./support/server";
import { SYSTEM_PYTHON, assertSlixmppInstalled } from "./support/slixmpp";
import { within } from "./support/waits";

const DRIVER = fileURLToPath(new URL("./slix_upload.py", import.meta.url));
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

beforeAll(() => {
  assertSlixmppInstalled();
});

interface UploadResult {
  ok: boolean;
  error?: string;
  url: string;
  service: string;
  maxFileSize: number;
  tooBig: string | null;
}

/** Runs the one-shot driver; resolves with its JSON answer (stderr kept for failures). */
function runDriver(args: unknown): Promise<UploadResult> {
  const child = spawn(SYSTEM_PYTHON, [DRIVER, JSON.stringify(args)], {
    env: { ...process.env, PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1", PYTHONPATH: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  cleanup.add(child, (c) => {
    if (c.exitCode === null && c.signalCode === null && c.pid !== undefined)
      process.kill(c.pid, "SIGKILL");
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (err = (err + s).slice(-4000)));
  const done = new Promise<UploadResult>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(line) as UploadResult);
      } catch {
        reject(new Error(`slix_upload.py exited ${code} without an answer\n${out}\n${err}`));
      }
    });
  });
  return within(done, `slixmpp upload${err ? `\n${err}` : ""}`, 60_000);
}

describe("slixmpp xep_0363 against @parley/mod-http-upload", () => {
  it("discovers the service, uploads a file, and the GET URL serves it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "parley-upload-interop-"));
    cleanup.add(folder, (f) => rmSync(f, { recursive: true, force: true }));
    const server = cleanup.add(
      await startInteropServer({
        extraModules: [httpUploadModule],
        moduleConfig: {
          http_upload: { path: folder, max_file_size: 1_000_000 },
          // XEP-0363 §3: the user's server lists the upload service in its disco#items.
          disco: { items: [{ jid: "upload.localhost", name: "HTTP File Upload" }] },
        },
      }),
      (s) => s.stop(),
    );
    await server.addUser("romeo", "romeo-pw");
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
    const result = await runDriver({
      connect: {
        jid: "romeo@localhost/py",
        password: "romeo-pw",
        host: "127.0.0.1",
        port: server.ports.c2s,
        caFile: inject("caFile"),
      },
      name: "balcony photo.png",
      data: Buffer.from(bytes).toString("base64"),
      contentType: "image/png",
      tooBigSize: 1_000_001,
    });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.service).toBe("upload.localhost");
    expect(result.maxFileSize).toBe(1_000_000);
    expect(result.tooBig).toBe("FileTooBig");
    expect(result.url).toMatch(
      new RegExp(
        `^http://localhost:${server.ports.http}/upload/[A-Za-z0-9_-]+/balcony%20photo\\.png$`,
      ),
    );
    const get = await fetch(result.url.replace("//localhost:", "//127.0.0.1:"));
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(bytes);
  });
});
