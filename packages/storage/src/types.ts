// Store interfaces of a Parley server. Every owner is a prepared bare JID string
// ("juliet@example.com"); stanzas are stored as serialized XML so stores stay XML-agnostic.
import type { StoredCredentials } from "@parley/sasl";
import type { ArchiveStore } from "./archive-types";

export type { ArchivedMessage, ArchivePage, ArchiveQuery, ArchiveStore } from "./archive-types";

export interface Account {
  jid: string;
  credentials: StoredCredentials;
  createdAt: Date;
}

export interface AccountStore {
  /** Creates an account; throws `AccountExistsError` when it exists. */
  create(jid: string, credentials: StoredCredentials): Promise<void>;
  /** Creates many accounts in one transaction; existing ones are replaced when `replace` is set, else skipped. Returns how many were written. */
  createMany(
    accounts: readonly { jid: string; credentials: StoredCredentials }[],
    options?: { replace?: boolean },
  ): Promise<number>;
  get(jid: string): Promise<Account | undefined>;
  exists(jid: string): Promise<boolean>;
  /** Replaces the credentials; throws `AccountNotFoundError` when there is no such account. */
  setCredentials(jid: string, credentials: StoredCredentials): Promise<void>;
  /** Deletes the account and every piece of data owned by it (roster, offline, key-value). */
  delete(jid: string): Promise<boolean>;
  /** Bare JIDs of all accounts, optionally of one domain, sorted. */
  list(domain?: string): Promise<string[]>;
  count(domain?: string): Promise<number>;
}

/** RFC 6121 §2.1.2.5 subscription states as stored on the user's side. */
export type Subscription = "none" | "to" | "from" | "both";

export interface RosterItem {
  jid: string;
  name?: string;
  subscription: Subscription;
  /** Outbound subscription request pending (RFC 6121 §3.1.2: `ask="subscribe"`). */
  ask?: "subscribe";
  /** Inbound subscription request waiting for the user's answer (RFC 6121 §3.1.3). */
  pendingIn?: boolean;
  /** Pre-approved inbound subscription (RFC 6121 §3.4). */
  approved?: boolean;
  groups: string[];
}

export interface Roster {
  /** XEP-0237 roster version: changes whenever an item changes. */
  version: string;
  items: RosterItem[];
}

export interface RosterStore {
  get(owner: string): Promise<Roster>;
  getItem(owner: string, contact: string): Promise<RosterItem | undefined>;
  /** Adds or replaces an item; returns the new roster version. */
  setItem(owner: string, item: RosterItem): Promise<string>;
  /** Removes an item (no-op if absent); returns the roster version afterwards. */
  removeItem(owner: string, contact: string): Promise<string>;
}

export interface OfflineMessage {
  /** Serialized stanza as it would be delivered. */
  xml: string;
  /** When the server stored it (XEP-0203 delay stamp). */
  stamp: Date;
}

/** An offline message as `list` returns it: with the id that `remove` takes. */
export interface ListedOfflineMessage extends OfflineMessage {
  /** Opaque; names this message until it is removed (a backend may reuse it afterwards). */
  id: string;
}

export interface OfflineStore {
  /** Appends a message; returns false (and stores nothing) when the owner's queue holds `limit` messages. */
  push(owner: string, message: OfflineMessage, limit?: number): Promise<boolean>;
  /** Removes and returns the owner's queue in arrival order, atomically. */
  takeAll(owner: string): Promise<OfflineMessage[]>;
  /**
   * The owner's queue in arrival order, with ids, removing nothing: a delivery that deletes each
   * message only once the client is known to have it (`remove`), so that a lost connection or a
   * crash in between loses none.
   */
  list(owner: string): Promise<ListedOfflineMessage[]>;
  /** Removes these messages of the owner (ids from `list`; unknown ones are ignored); returns how many went. */
  remove(owner: string, ids: readonly string[]): Promise<number>;
  count(owner: string): Promise<number>;
}

/**
 * Per-owner key-value storage for modules (private XML storage, vCards, blocking lists, …):
 * `store` names the module's table, e.g. "private" or "vcard".
 */
export interface KeyValueStore {
  get(store: string, owner: string, key: string): Promise<string | undefined>;
  /** `undefined` deletes the key. */
  set(store: string, owner: string, key: string, value: string | undefined): Promise<void>;
  /** All entries of the owner in that store, sorted by key. */
  entries(store: string, owner: string): Promise<[key: string, value: string][]>;
  /** Deletes every key of the owner in that store. */
  clear(store: string, owner: string): Promise<void>;
}

export interface Storage {
  readonly accounts: AccountStore;
  readonly roster: RosterStore;
  readonly offline: OfflineStore;
  readonly kv: KeyValueStore;
  /** XEP-0313 user message archives; optional so that other backends keep compiling. */
  readonly archive?: ArchiveStore;
  /** Flushes and closes; later calls fail with `StorageClosedError`. */
  close(): Promise<void>;
}
