// Public API of @parley/mod-csi.
export { type CsiConfig, DEFAULT_MAX_HELD, readCsiConfig } from "./config";
export { CSI_FILTER_PRIORITY, type CsiState, csiModule, csiStateOf } from "./csi";
export { CsiConfigError } from "./errors";
export { collapseKey, isChatStateOnly, isImportant, isPresenceUpdate } from "./importance";
