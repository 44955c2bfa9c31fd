// Imported first by the CLI entry: the libuv threadpool (where WebCrypto's PBKDF2 runs) is sized
// when first used, so this must run before any crypto or fs work. Four threads is libuv's default;
// give big machines one per core for `users import`. An explicit UV_THREADPOOL_SIZE wins.
import { availableParallelism } from "node:os";

if (process.env.UV_THREADPOOL_SIZE === undefined) {
  process.env.UV_THREADPOOL_SIZE = String(Math.max(4, Math.min(availableParallelism(), 64)));
}
