// Public API of @parley/mod-ping.
export { DEFAULT_TIMEOUT_MS, type PingConfig, readPingConfig } from "./config";
export { PingConfigError } from "./errors";
export { pingModule } from "./ping";
