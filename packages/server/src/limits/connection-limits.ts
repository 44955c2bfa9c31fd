// Connection limits (issue 12): open sockets per address on every listener, and streams that
// have not bound a resource yet, in total. Prosody's `c2s` connection limits and ejabberd's
// `max_fsm_queue` are the models: a refused connection costs no parser and no session.
import type { LimitOptions } from "../options";
import type { RefusalLog } from "./refusal-log";

export type ConnectionLimitOptions = Pick<LimitOptions, "connectionsPerIp" | "preAuthConnections">;

export class ConnectionLimits {
  /** Open sockets by address key (limits/address-key.ts); absent = none. */
  private readonly perAddress = new Map<string, number>();
  private preAuth = 0;

  constructor(
    private readonly limits: ConnectionLimitOptions,
    private readonly refusals: RefusalLog,
  ) {}

  /** Whether sockets are counted at all (a limit of 0 = off). */
  get countsSockets(): boolean {
    return this.limits.connectionsPerIp > 0;
  }

  /** Counts a new socket from `key`; false (and logged) when the address has its maximum. */
  openSocket(key: string, listener: string): boolean {
    const open = this.perAddress.get(key) ?? 0;
    if (open >= this.limits.connectionsPerIp) {
      this.refusals.record("limits.refused.connections-per-ip", "connection refused", {
        address: key,
        listener,
        limit: this.limits.connectionsPerIp,
      });
      return false;
    }
    this.perAddress.set(key, open + 1);
    return true;
  }

  closeSocket(key: string): void {
    const open = this.perAddress.get(key) ?? 0;
    if (open <= 1) this.perAddress.delete(key);
    else this.perAddress.set(key, open - 1);
  }

  /** Sockets open from `key` now. */
  socketsFrom(key: string): number {
    return this.perAddress.get(key) ?? 0;
  }

  /**
   * Counts a new stream as unauthenticated (until it binds a resource or resumes a session, the
   * same span as pre_auth_timeout_ms); false (and logged) when that many are open already.
   */
  enterPreAuth(address: string): boolean {
    const limit = this.limits.preAuthConnections;
    if (limit > 0 && this.preAuth >= limit) {
      this.refusals.record("limits.refused.pre-auth-connections", "connection refused", {
        address,
        reason: "too many unauthenticated connections",
        limit,
      });
      return false;
    }
    this.preAuth += 1;
    return true;
  }

  leavePreAuth(): void {
    if (this.preAuth > 0) this.preAuth -= 1;
  }

  get preAuthCount(): number {
    return this.preAuth;
  }
}
