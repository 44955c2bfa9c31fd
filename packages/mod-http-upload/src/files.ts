// The stored files: `<path>/<slot id>/<name>`, written through `<path>/.partial/<slot id>` so that
// a half-received upload is never served. Slot ids and names are checked before they get here
// (request.ts, filename.ts); the paths are built from the stored record only.
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { UploadBodyError } from "./errors";
import type { SlotRecord } from "./slots";

export class FileStore {
  constructor(readonly root: string) {}

  pathOf(record: SlotRecord): string {
    return join(this.root, record.id, record.name);
  }

  private partialOf(record: SlotRecord): string {
    return join(this.root, ".partial", record.id);
  }

  /**
   * Streams a request body to disk; the file appears under its final name only when exactly
   * `record.size` bytes arrived. Never buffers more than a chunk.
   */
  async receive(record: SlotRecord, body: IncomingMessage): Promise<void> {
    const partial = this.partialOf(record);
    await mkdir(join(this.root, ".partial"), { recursive: true });
    let received = 0;
    const counter = new Transform({
      transform(chunk: Uint8Array, _encoding, done) {
        received += chunk.length;
        if (received > record.size) {
          done(new UploadBodyError(413, `more than the ${record.size} bytes of the slot`));
        } else done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(partial, { flags: "wx" }));
      if (received !== record.size) {
        throw new UploadBodyError(400, `${received} bytes received, ${record.size} announced`);
      }
      await mkdir(join(this.root, record.id), { recursive: true });
      await rename(partial, this.pathOf(record));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  /** Deletes the file of a record and its folder (nothing when there is none). */
  async remove(record: SlotRecord): Promise<void> {
    await rm(join(this.root, record.id), { recursive: true, force: true });
    await rm(this.partialOf(record), { force: true });
  }
}
