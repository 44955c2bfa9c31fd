// The shared Storage conformance suite, against a file database and an in-memory one.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStorageConformance } from "@parley/storage/conformance";
import { afterAll } from "vitest";
import { openSqliteStorage } from "./open";

const root = mkdtempSync(join(tmpdir(), "parley-sqlite-conformance-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
describeStorageConformance(async () => openSqliteStorage({ dataDir: join(root, String(n++)) }), {
  name: "SqliteStorage (file) conformance",
});
describeStorageConformance(async () => openSqliteStorage({ path: ":memory:" }), {
  name: "SqliteStorage (:memory:) conformance",
});
