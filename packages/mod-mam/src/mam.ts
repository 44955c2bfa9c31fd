// XEP-0313 Message Archive Management for user archives, with XEP-0359 stanza-ids, XEP-0059
// paging and XEP-0441 preferences.
import { defineModule } from "@parley/server";
import { registerAccountDisco } from "./account-disco";
import { ArchiveWriter } from "./archive-writer";
import { registerArchiver } from "./archiver";
import { readMamConfig } from "./config";
import { MamStorageError } from "./errors";
import { registerHandlers } from "./handlers";
import { loadPrefs } from "./prefs";
import { createPrefsCache } from "./prefs-cache";

/** A server's archive writer, and whether that server is stopping. */
interface Running {
  writer: ArchiveWriter;
  stopping: boolean;
}

/**
 * Writers of the servers this module runs in. `teardown()` gets no context, so it closes the
 * writers of the servers that fired `server-stopping`; the server calls it before it closes
 * storage, so nothing queued is lost on stop (SIGTERM included).
 */
const running = new Set<Running>();

/** How long archiving preferences read from storage are trusted (changes made here apply at once). */
const PREFS_TTL_MS = 10_000;

export const mamModule = defineModule({
  name: "mam",
  setup(ctx) {
    const config = readMamConfig(ctx.config);
    const store = ctx.storage.archive;
    if (!store) throw new MamStorageError("mod-mam needs a storage backend with an archive store");
    const writer = new ArchiveWriter(store, {
      maxBatch: config.batchSize,
      delayMs: config.batchDelayMs,
      maxBacklog: config.maxBacklog,
      log: ctx.log,
      lost: (n) => ctx.count("mam.lost", n),
    });
    const self: Running = { writer, stopping: false };
    running.add(self);
    ctx.on("server-stopping", async () => {
      self.stopping = true;
      await writer.flush();
      return undefined;
    });
    const prefs = createPrefsCache((owner) => loadPrefs(ctx.storage, owner, config.defaultPolicy), {
      ttlMs: PREFS_TTL_MS,
      maxEntries: 50_000,
    });
    registerArchiver(ctx, writer, prefs);
    registerHandlers(ctx, store, writer, prefs, config);
    registerAccountDisco(ctx);
  },
  async teardown() {
    for (const r of [...running]) {
      if (!r.stopping) continue;
      running.delete(r);
      // Messages archived after this (by streams still closing) are written at once.
      await r.writer.close();
    }
  },
});
