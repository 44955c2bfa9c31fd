// Public API of @parley/router.
export { classifyDestination } from "./destination";
export type { RouteDestination } from "./destination";
export {
  bareMessagePlan,
  mostAvailable,
  unboundResourceRule,
  type BareMessagePlan,
  type ResourceView,
} from "./delivery-rules";
export { SessionRegistry } from "./registry";
export { type RemoteDestination, UnreachableRemote } from "./remote";
export { RouteTable, type Route, type RouteTarget, type RouteTargets } from "./route-table";
export { LocalSessionDirectory, type SessionDirectory } from "./session-directory";
