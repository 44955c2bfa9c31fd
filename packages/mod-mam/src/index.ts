// Public API of @parley/mod-mam.
export { ACCOUNT_FEATURES } from "./account-disco";
export { ARCHIVE_PRIORITY, CARBON_COPY_EVENT, type CarbonCopyEvent } from "./archiver";
export { type ArchivePolicy, type MamConfig, readMamConfig } from "./config";
export { MamConfigError, MamStorageError } from "./errors";
export { mamModule } from "./mam";
export type { Prefs } from "./prefs";
