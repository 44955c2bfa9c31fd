// Public API of @parley/storage. The conformance suite is a separate entry: "@parley/storage/conformance".
export type {
  Account,
  AccountStore,
  ArchivedMessage,
  ArchivePage,
  ArchiveQuery,
  ArchiveStore,
  KeyValueStore,
  ListedOfflineMessage,
  OfflineMessage,
  OfflineStore,
  Roster,
  RosterItem,
  RosterStore,
  Storage,
  Subscription,
} from "./types";
export type { ScramCredentials, StoredCredentials } from "@parley/sasl";
export {
  AccountExistsError,
  AccountNotFoundError,
  ArchiveIdExistsError,
  ArchiveItemNotFoundError,
  StorageClosedError,
  StorageError,
} from "./errors";
export { MemoryStorage } from "./memory";
export { decodeCredentials, encodeCredentials } from "./credentials-codec";
export {
  assertArchivedMessage,
  assertArchiveQuery,
  assertLimit,
  assertOfflineMessage,
  assertRosterItem,
  compareStrings,
} from "./validate";
