// Expiry (XEP-0363 §7: files are kept "as long as possible", here `expire_after`): deletes files
// past their age and slots whose PUT URL ended unused.
import type { UploadConfig } from "./config";
import type { FileStore } from "./files";
import { type SlotStore, freedAt } from "./slots";

/** Deletes what expired before `now`; returns how many records went. */
export async function sweep(
  config: UploadConfig,
  slots: SlotStore,
  files: FileStore,
  now: number,
): Promise<number> {
  let removed = 0;
  for (const record of await slots.all()) {
    if (freedAt(record, config.expireAfterMs) > now) continue;
    await files.remove(record);
    await slots.delete(record);
    removed++;
  }
  return removed;
}
