// The HTTP side of XEP-0363 on the server's HTTP listener: PUT (§6) into a slot exactly once,
// GET/HEAD of stored files, and CORS for web clients (preflight OPTIONS; Fetch standard §3.2).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import type { Logger } from "@parley/server";
import type { UploadConfig } from "./config";
import { UPLOAD_PATH } from "./config";
import { UploadBodyError } from "./errors";
import type { FileStore } from "./files";
import { contentDisposition, mediaTypeOf } from "./filename";
import type { SlotRecord, SlotStore } from "./slots";

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, HEAD, PUT, OPTIONS",
  "access-control-allow-headers": "Content-Type, Authorization",
  "access-control-max-age": "86400",
};

const ID = /^[A-Za-z0-9_-]{16,64}$/;

export interface HttpDeps {
  config: UploadConfig;
  slots: SlotStore;
  files: FileStore;
  log: Logger;
  now?: () => number;
}

function send(res: ServerResponse, status: number, text: string, extra = {}): void {
  res.writeHead(status, { ...CORS, "content-type": "text/plain; charset=utf-8", ...extra });
  res.end(`${text}\n`);
}

/** The slot a path names: `/upload/<id>/<encoded name>`, the name matching the record. */
async function lookup(deps: HttpDeps, url: string | undefined): Promise<SlotRecord | undefined> {
  const path = (url ?? "").split("?")[0]!.slice(UPLOAD_PATH.length);
  const [, id, encoded, ...rest] = path.split("/");
  if (!id || !ID.test(id) || encoded === undefined || rest.length > 0) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  const record = await deps.slots.get(id);
  return record && record.name === name ? record : undefined;
}

function sameSecret(given: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const actual = Buffer.from(given ?? "");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function uploadHttpHandler(deps: HttpDeps) {
  const inProgress = new Set<string>();

  const put = async (req: IncomingMessage, res: ServerResponse, record: SlotRecord) => {
    const now = deps.now?.() ?? Date.now();
    // Exactly once: a stored file is never replaced, a running upload never joined.
    if (record.uploadedAt !== undefined || inProgress.has(record.id)) {
      return send(res, 409, "this slot was already used");
    }
    if (now > record.putUntil) return send(res, 410, "this slot has expired; request a new one");
    if (!sameSecret(req.headers.authorization, record.token)) {
      return send(res, 403, "missing or wrong Authorization header of the slot");
    }
    // §6: the upload MUST be rejected when Content-Length differs from the slot's size.
    const length = req.headers["content-length"];
    if (length === undefined) return send(res, 411, "Content-Length is required");
    if (!/^[0-9]+$/.test(length) || Number(length) !== record.size) {
      const status = Number(length) > record.size ? 413 : 400;
      return send(res, status, `Content-Length must be ${record.size}`, { connection: "close" });
    }
    // §6: SHOULD reject a Content-Type other than the requested one.
    const type = mediaTypeOf(req.headers["content-type"]);
    if (record.type !== undefined && type !== record.type) {
      return send(res, 415, `Content-Type must be ${record.type}`, { connection: "close" });
    }
    inProgress.add(record.id);
    try {
      await deps.files.receive(record, req);
      await deps.slots.save({
        ...record,
        type: record.type ?? type ?? "application/octet-stream",
        uploadedAt: deps.now?.() ?? Date.now(),
      });
    } catch (error) {
      if (error instanceof UploadBodyError) {
        return send(res, error.status, error.message, { connection: "close" });
      }
      deps.log.warn("upload failed", { id: record.id, error: String(error) });
      if (req.destroyed || req.readableAborted) return; // the client went away
      throw error;
    } finally {
      inProgress.delete(record.id);
    }
    deps.log.info("file uploaded", { owner: record.owner, size: record.size });
    send(res, 201, "created"); // §6: 201 = ready to be served at the GET URL
  };

  const get = async (req: IncomingMessage, res: ServerResponse, record: SlotRecord) => {
    if (record.uploadedAt === undefined) return send(res, 404, "not found");
    const path = deps.files.pathOf(record);
    const info = await stat(path).catch(() => undefined);
    if (!info) return send(res, 404, "not found");
    const type = record.type ?? "application/octet-stream";
    res.writeHead(200, {
      ...CORS,
      "content-type": type,
      "content-length": String(info.size),
      "content-disposition": contentDisposition(record.name, type),
      "x-content-type-options": "nosniff",
      // A stored file is never a page of this origin (the WebSocket endpoint shares it).
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "public, max-age=31536000, immutable",
      "last-modified": new Date(record.uploadedAt).toUTCString(),
    });
    if (req.method === "HEAD") return void res.end();
    await new Promise<void>((resolve) => {
      const stream = createReadStream(path);
      stream.on("error", () => {
        res.destroy();
        resolve();
      });
      res.on("close", () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS);
      return void res.end();
    }
    const method = req.method ?? "";
    if (!["GET", "HEAD", "PUT"].includes(method)) {
      return send(res, 405, "method not allowed", { allow: "GET, HEAD, PUT, OPTIONS" });
    }
    const record = await lookup(deps, req.url);
    if (!record)
      return send(res, 404, "not found", method === "PUT" ? { connection: "close" } : {});
    if (method === "PUT") return put(req, res, record);
    return get(req, res, record);
  };
}
