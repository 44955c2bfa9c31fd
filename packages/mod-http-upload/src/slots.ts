// Slot and file metadata in the module key-value store (`ctx.storage.kv`, store "http_upload"):
// one record per slot under the service domain (looked up by the HTTP side), and a copy under
// the owner's bare JID (their quota, and deleted with their account).
import type { KeyValueStore } from "@parley/storage";

export const KV_STORE = "http_upload";

export interface SlotRecord {
  /** Random URL segment (also the folder of the file). */
  id: string;
  /** Bare JID of the requester. */
  owner: string;
  /** Sanitised file name (filename.ts). */
  name: string;
  /** Exact byte count the PUT must carry (XEP-0363 §6). */
  size: number;
  /** Media type from the request, checked against the PUT's Content-Type; or from the PUT. */
  type: string | undefined;
  /** Secret of the PUT's Authorization header. */
  token: string;
  /** The PUT URL is valid until then (ms since the epoch). */
  putUntil: number;
  /** Set once the file is stored: the upload's time (ms since the epoch). */
  uploadedAt: number | undefined;
}

function parse(value: string | undefined): SlotRecord | undefined {
  if (value === undefined) return undefined;
  try {
    const r = JSON.parse(value) as SlotRecord;
    return typeof r.id === "string" && typeof r.size === "number" ? r : undefined;
  } catch {
    return undefined;
  }
}

export class SlotStore {
  constructor(
    private readonly kv: KeyValueStore,
    /** Owner key of the per-service records: the service domain. */
    private readonly service: string,
  ) {}

  get(id: string): Promise<SlotRecord | undefined> {
    return this.kv.get(KV_STORE, this.service, id).then(parse);
  }

  async save(record: SlotRecord): Promise<void> {
    const value = JSON.stringify(record);
    await this.kv.set(KV_STORE, this.service, record.id, value);
    await this.kv.set(KV_STORE, record.owner, record.id, value);
  }

  async delete(record: SlotRecord): Promise<void> {
    await this.kv.set(KV_STORE, this.service, record.id, undefined);
    await this.kv.set(KV_STORE, record.owner, record.id, undefined);
  }

  /** The slots and files of one user. */
  async ofOwner(owner: string): Promise<SlotRecord[]> {
    const entries = await this.kv.entries(KV_STORE, owner);
    return entries.map(([, v]) => parse(v)).filter((r): r is SlotRecord => r !== undefined);
  }

  /** Every slot and file of the service. */
  async all(): Promise<SlotRecord[]> {
    const entries = await this.kv.entries(KV_STORE, this.service);
    return entries.map(([, v]) => parse(v)).filter((r): r is SlotRecord => r !== undefined);
  }
}

/** When a record stops counting: an unused slot when its PUT URL ends, a file when it expires. */
export function freedAt(record: SlotRecord, expireAfterMs: number): number {
  if (record.uploadedAt === undefined) return record.putUntil;
  return expireAfterMs > 0 ? record.uploadedAt + expireAfterMs : Number.POSITIVE_INFINITY;
}
