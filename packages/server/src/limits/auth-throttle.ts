// Login throttling across connections (issue 12), after ejabberd's mod_fail2ban and Prosody's
// mod_limit_auth: failures per address within a window lead to a bounded ban; failures per
// account (from any number of addresses) lead to a growing delay, never to a lock-out. Both
// tables are bounded (LRU) and forget an entry once its window or ban is over.
import type { LimitOptions } from "../options";
import { BoundedTable } from "./bounded-table";
import type { RefusalLog } from "./refusal-log";

export type AuthThrottleOptions = Pick<
  LimitOptions,
  | "authFailuresPerIp"
  | "authFailureWindowMs"
  | "authBanMs"
  | "authFailuresPerAccount"
  | "authAccountMaxDelayMs"
  | "authTrackedEntries"
>;

/** The first delay once an account is past its free failures; it doubles with each failure. */
export const ACCOUNT_DELAY_BASE_MS = 1000;

interface Failures {
  count: number;
  windowStart: number;
  /** Address records only: when the ban ends (0 = not banned). */
  bannedUntil: number;
}

export class AuthThrottle {
  private readonly addresses: BoundedTable<Failures>;
  private readonly accounts: BoundedTable<Failures>;

  constructor(
    private readonly options: AuthThrottleOptions,
    private readonly refusals: RefusalLog,
    private readonly now: () => number = Date.now,
  ) {
    this.addresses = new BoundedTable(Math.max(1, options.authTrackedEntries));
    this.accounts = new BoundedTable(Math.max(1, options.authTrackedEntries));
  }

  /** Whether logins from this address (limits/address-key.ts) are refused right now. */
  isBanned(address: string): boolean {
    const record = this.addresses.get(address);
    if (!record || record.bannedUntil === 0) return false;
    if (this.now() < record.bannedUntil) return true;
    this.addresses.delete(address); // the ban is over: a fresh start
    return false;
  }

  /** A wrong password (or unknown account) from `address` for `account` (when known). */
  failed(address: string, account: string | undefined): void {
    const { authFailuresPerIp: perIp, authFailuresPerAccount: perAccount } = this.options;
    if (perIp > 0) {
      const record = this.current(this.addresses.get(address));
      record.count += 1;
      if (record.count >= perIp && record.bannedUntil === 0) {
        record.bannedUntil = this.now() + this.options.authBanMs;
        this.refusals.record(
          "limits.auth.address-banned",
          "too many failed logins: address banned",
          {
            address,
            failures: record.count,
            banMs: this.options.authBanMs,
          },
        );
      }
      this.addresses.set(address, record);
    }
    if (account !== undefined && perAccount > 0) {
      const record = this.current(this.accounts.get(account));
      record.count += 1;
      this.accounts.set(account, record);
    }
  }

  /** A successful login resets the address's failures (not the account's: see accountDelayMs). */
  succeeded(address: string): void {
    this.addresses.delete(address);
  }

  /**
   * How long to hold every answer (success or failure alike, so the delay tells nothing) for
   * `account`: 0 up to authFailuresPerAccount failures within the window, then 1 s doubling with
   * each further failure, up to authAccountMaxDelayMs. A success does not reset it, or each real
   * login would hand an attacker a fresh set of fast guesses; it decays with the window.
   */
  accountDelayMs(account: string | undefined): number {
    const perAccount = this.options.authFailuresPerAccount;
    if (account === undefined || perAccount === 0) return 0;
    const record = this.accounts.get(account);
    if (!record || this.expired(record)) return 0;
    const over = record.count - perAccount;
    if (over < 0) return 0;
    const delay = ACCOUNT_DELAY_BASE_MS * 2 ** Math.min(over, 30);
    return Math.min(delay, this.options.authAccountMaxDelayMs);
  }

  /** Entries held (for tests and metrics). */
  get tracked(): { addresses: number; accounts: number } {
    return { addresses: this.addresses.size, accounts: this.accounts.size };
  }

  private expired(record: Failures): boolean {
    return this.now() - record.windowStart >= this.options.authFailureWindowMs;
  }

  /** The record if its window is still open (or it is banned), else a new one from now. */
  private current(record: Failures | undefined): Failures {
    if (record && (record.bannedUntil > this.now() || !this.expired(record))) return record;
    return { count: 0, windowStart: this.now(), bannedUntil: 0 };
  }
}
