// Public API of @parley/router.
export { classifyDestination } from "./destination";
export type { RouteDestination } from "./destination";
export { SessionRegistry } from "./registry";
