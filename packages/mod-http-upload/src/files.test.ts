import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { UploadBodyError } from "./errors";
import { FileStore } from "./files";
import type { SlotRecord } from "./slots";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(size: number) {
  const root = mkdtempSync(join(tmpdir(), "parley-files-"));
  dirs.push(root);
  const record: SlotRecord = {
    id: "abcdefghijklmnopqrstuvwx",
    owner: "a@b",
    name: "f.bin",
    size,
    type: undefined,
    token: "t",
    putUntil: 0,
    uploadedAt: undefined,
  };
  return { root, record, files: new FileStore(root) };
}

const body = (...chunks: string[]) =>
  Readable.from(chunks.map((c) => Buffer.from(c))) as unknown as IncomingMessage;

describe("FileStore.receive (the byte counter)", () => {
  it("stores exactly the announced bytes, then moves the file into place", async () => {
    const { root, record, files } = setup(6);
    await files.receive(record, body("abc", "def"));
    expect(readFileSync(files.pathOf(record), "utf8")).toBe("abcdef");
    expect(readdirSync(join(root, ".partial"))).toEqual([]);
  });

  it("aborts as soon as more bytes arrive than the slot allows, keeping nothing", async () => {
    const { root, record, files } = setup(4);
    const error = await files.receive(record, body("abc", "def", "ghi")).catch((e) => e);
    expect(error).toBeInstanceOf(UploadBodyError);
    expect(error.status).toBe(413);
    expect(existsSync(files.pathOf(record))).toBe(false);
    expect(readdirSync(join(root, ".partial"))).toEqual([]);
  });

  it("refuses a body shorter than announced", async () => {
    const { record, files } = setup(10);
    const error = await files.receive(record, body("abc")).catch((e) => e);
    expect(error).toBeInstanceOf(UploadBodyError);
    expect(error.status).toBe(400);
    expect(existsSync(files.pathOf(record))).toBe(false);
  });

  it("remove() deletes the file and its folder", async () => {
    const { root, record, files } = setup(1);
    await files.receive(record, body("x"));
    await files.remove(record);
    expect(existsSync(join(root, record.id))).toBe(false);
  });
});
