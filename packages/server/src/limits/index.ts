// The server's connection limits and login throttle, built once per server from its options.
import type { Metrics } from "../core/metrics";
import type { Logger } from "../module-api";
import type { LimitOptions } from "../options";
import { AuthThrottle } from "./auth-throttle";
import { ConnectionLimits } from "./connection-limits";
import { RefusalLog } from "./refusal-log";

export interface ServerLimits {
  readonly refusals: RefusalLog;
  readonly connections: ConnectionLimits;
  readonly auth: AuthThrottle;
}

export function createServerLimits(
  limits: LimitOptions,
  metrics: Metrics,
  log: Logger,
): ServerLimits {
  const refusals = new RefusalLog(metrics, log);
  return {
    refusals,
    connections: new ConnectionLimits(limits, refusals),
    auth: new AuthThrottle(limits, refusals),
  };
}

export { addressKey } from "./address-key";
export { refusalParts } from "./refuse-stream";
export { resourceLimitError } from "./resource-limit";
export { throttleSaslOutcome } from "./sasl-throttle";
