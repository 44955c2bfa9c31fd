// Public API of @parley/mod-push.
export { PUBLISH_OPTIONS } from "./commands";
export { PUSH_DEFAULTS, type PushConfig, readPushConfig } from "./config";
export { PushConfigError } from "./errors";
export { type Worth, worthNotifying } from "./important";
export { PUSH_SUMMARY, type Summary, publishIq } from "./notification";
export { PUSH_FILTER_PRIORITY, pushModule } from "./push";
export { KV_STORE, type Registration } from "./registrations";
