// Public API of @parley/storage.
export type {
  Account,
  AccountStore,
  KeyValueStore,
  OfflineMessage,
  OfflineStore,
  Roster,
  RosterItem,
  RosterStore,
  Storage,
  Subscription,
} from "./types";
export { AccountExistsError, AccountNotFoundError, StorageClosedError, StorageError } from "./errors";
export { MemoryStorage } from "./memory";
export { decodeCredentials, encodeCredentials } from "./credentials-codec";
