// The Storage conformance suite: vitest tests every backend must pass. A backend's test file calls
// `describeStorageConformance(() => openMyStorage())`; each test gets a fresh, empty storage that
// is closed afterwards (a second close() must be harmless).
import { afterEach, beforeEach, describe } from "vitest";
import { accountTests } from "./conformance/accounts";
import { archiveTests } from "./conformance/archive";
import type { Harness } from "./conformance/harness";
import { kvTests } from "./conformance/kv";
import { lifecycleTests } from "./conformance/lifecycle";
import { offlineTests } from "./conformance/offline";
import { rosterTests } from "./conformance/roster";
import type { Storage } from "./types";

export interface ConformanceOptions {
  /** Name of the enclosing `describe` block (default "Storage conformance"). */
  name?: string;
}

export function describeStorageConformance(
  open: () => Promise<Storage>,
  options: ConformanceOptions = {},
): void {
  describeWithStorage(options.name ?? "Storage conformance", open, (harness) => {
    accountTests(harness);
    rosterTests(harness);
    offlineTests(harness);
    kvTests(harness);
    lifecycleTests(harness);
  });
}

/**
 * The ArchiveStore (XEP-0313) conformance suite, for backends whose Storage has the optional
 * `archive` member. Same harness rules as describeStorageConformance.
 */
export function describeArchiveConformance(
  open: () => Promise<Storage>,
  options: ConformanceOptions = {},
): void {
  describeWithStorage(options.name ?? "ArchiveStore conformance", open, archiveTests);
}

/** A `describe` block whose every test gets a freshly opened storage, closed afterwards. */
function describeWithStorage(
  name: string,
  open: () => Promise<Storage>,
  suites: (harness: Harness) => void,
): void {
  describe(name, () => {
    let current: Storage | undefined;
    const harness: Harness = {
      get storage(): Storage {
        if (!current) throw new Error("conformance: no storage open (used outside a test?)");
        return current;
      },
    };
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    suites(harness);
  });
}
