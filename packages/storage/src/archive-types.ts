// XEP-0313 user message archives as a store sees them: opaque XML plus the few columns queries
// filter on. The archive order is arrival order; stamps never go backwards within one owner's
// archive (a stamp earlier than the newest stored one is raised to it), so ordering by
// (stamp, arrival) is arrival order and time ranges are contiguous (XEP-0313 §3.1).

export interface ArchivedMessage {
  /**
   * Archive UID (XEP-0313 §3.5 and §8.2, XEP-0359 stanza-id): chosen by the caller, unique
   * within the owner's archive and never reused.
   */
  id: string;
  /** When the server archived it: the XEP-0203 delay stamp of query results. */
  stamp: Date;
  /** Bare JID of the other party: `to` of an outgoing message, `from` of an incoming one. */
  with: string;
  /** Resource of that address, "" when it had none (for `with` filters by full JID). */
  withResource: string;
  /** Seen from the owner: "in" received, "out" sent. */
  direction: "in" | "out";
  /** The serialized message stanza. */
  xml: string;
}

/**
 * A query on one owner's archive. Filters (with, start, end, afterId, beforeId, ids) define the
 * result set that `count` and `index` describe; `after` / `before` / `last` pick the page in it
 * (XEP-0059 RSM). Every id given must exist in the archive, else ArchiveItemNotFoundError.
 */
export interface ArchiveQuery {
  /** Bare JID of the other party (XEP-0313 §4.1.1). */
  with?: string;
  /** With `with`: only that exact resource (a full JID in the `with` field). */
  withResource?: string;
  /** Inclusive bounds on the stamp (XEP-0313 §4.1.2). */
  start?: Date;
  end?: Date;
  /** Result set starts after / ends before this item (XEP-0313 §4.1.3, mam:2#extended). */
  afterId?: string;
  beforeId?: string;
  /** Only these items (XEP-0313 §4.1.3 'ids'). */
  ids?: readonly string[];
  /** RSM <after>: the page starts right after this item (XEP-0059 §2.2). */
  after?: string;
  /** RSM <before>: the page ends right before this item (XEP-0059 §2.3). */
  before?: string;
  /** Take the page from the end of the window (RSM <before/>, also an empty one: §2.5). */
  last?: boolean;
  /** Page size: a non-negative integer (0 = count only, XEP-0059 §2.7). */
  max: number;
}

export interface ArchivePage {
  /** The page, in archive order (oldest first), whichever end it was taken from. */
  items: ArchivedMessage[];
  /** Size of the whole result set (filters only, not the RSM page position). */
  count: number;
  /** Position of the first item in the result set; undefined for an empty page. */
  index: number | undefined;
  /** No further items in the paging direction: forwards past the last, or (`last`) before the first. */
  complete: boolean;
}

export interface ArchiveStore {
  /** Appends a message; throws ArchiveIdExistsError when the owner's archive has that id. */
  append(owner: string, message: ArchivedMessage): Promise<void>;
  /** Appends many messages in one transaction (imports, benchmarks); all or nothing. Returns the count. */
  appendMany(entries: readonly { owner: string; message: ArchivedMessage }[]): Promise<number>;
  query(owner: string, query: ArchiveQuery): Promise<ArchivePage>;
  /** Deletes the owner's whole archive; returns how many messages it held. */
  clear(owner: string): Promise<number>;
}
