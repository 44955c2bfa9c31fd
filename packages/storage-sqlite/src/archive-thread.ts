// The archive writer thread: archive appends run on a second connection to the same database in
// a worker thread, so the event loop never waits for an INSERT, a commit or a WAL checkpoint
// (the writer commits most WAL frames, so it is the one that checkpoints). WAL lets the main
// connection read meanwhile; an append resolves once its batch is committed, so a query issued
// after it sees every row. Batches run one at a time, in the order they were handed over.
//
// The worker runs source text (`eval`), not a file: the same text works from the TypeScript
// sources (tests) and from the bundle, and better-sqlite3 is loaded from the path resolved here.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { StorageError } from "@parley/storage";
import { type ArchiveRow, createArchiveAppender, typedAppendError } from "./archive-append";

export interface ArchiveThreadOptions {
  path: string;
  busyTimeoutMs: number;
  cacheKib: number;
}

export interface ArchiveThread {
  /** Appends the rows in one transaction in the thread; resolves with their count once committed. */
  append(rows: readonly ArchiveRow[]): Promise<number>;
  /** Lets every batch handed over finish, then closes the thread's connection. */
  close(): Promise<void>;
}

const workerSource = (appender: string) => `
const { parentPort, workerData: w } = require("node:worker_threads");
const Database = require(w.driver);
const db = new Database(w.path, { timeout: w.busyTimeoutMs });
db.pragma("busy_timeout = " + w.busyTimeoutMs);
db.pragma("synchronous = NORMAL");
db.pragma("cache_size = -" + w.cacheKib);
db.pragma("wal_autocheckpoint = 10000");
const append = (${appender})(db);
parentPort.on("message", (m) => {
  if (m.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ n: m.n, count: append.immediate(m.rows) });
  } catch (e) {
    parentPort.postMessage({ n: m.n, error: { message: String(e && e.message), code: e && e.code, archiveId: e && e.archiveId } });
  }
});
`;

interface Reply {
  n: number;
  count?: number;
  error?: { message: string; code?: string; archiveId?: string };
}

/** Starts the thread (its connection opens in the thread; failures reject the first append). */
export function startArchiveThread(options: ArchiveThreadOptions): ArchiveThread {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(workerSource(createArchiveAppender.toString()), {
    eval: true,
    workerData: { ...options, driver },
  });
  worker.unref(); // referenced only while a batch is in flight
  const waiting = new Map<number, { resolve(n: number): void; reject(e: unknown): void }>();
  let next = 0;
  let dead: StorageError | undefined;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));

  const failAll = (error: StorageError) => {
    dead ??= error;
    for (const w of waiting.values()) w.reject(dead);
    waiting.clear();
    worker.unref();
  };
  worker.on("message", (reply: Reply) => {
    const w = waiting.get(reply.n);
    if (!w) return;
    waiting.delete(reply.n);
    if (waiting.size === 0) worker.unref();
    if (reply.error === undefined) w.resolve(reply.count ?? 0);
    else w.reject(typedAppendError(Object.assign(new Error(reply.error.message), reply.error)));
  });
  worker.on("error", (error) =>
    failAll(
      new StorageError("internal-server-error", `archive writer thread failed: ${error.message}`, {
        cause: error,
      }),
    ),
  );
  worker.once("exit", () =>
    failAll(new StorageError("internal-server-error", "archive writer thread stopped")),
  );

  return {
    append(rows) {
      if (dead) return Promise.reject(dead);
      const n = next++;
      worker.ref();
      return new Promise<number>((resolve, reject) => {
        waiting.set(n, { resolve, reject });
        worker.postMessage({ n, rows });
      });
    },
    async close() {
      if (!dead) worker.postMessage({ close: true });
      await exited;
    },
  };
}
