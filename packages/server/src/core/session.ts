// A client session as modules see it (module-api.ts `Session`): state they may read and write,
// plus send/close. The session outlives its connection when a module keeps it ("hibernation",
// XEP-0198 §5): its stream is then detached and may later be replaced by a new one.
import type { Jid } from "@parley/jid";
import type { StreamError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import type { OutboundFilter, OutboundHandle, Session, TransportKind } from "../module-api";

export interface SessionStream {
  readonly transport: {
    readonly kind: TransportKind;
    readonly secure: boolean;
    readonly remoteAddress: string;
  };
  /** `written` learns whether the socket accepted the stanza (Transport.send). */
  sendStanza(stanza: Element, written?: (ok: boolean) => void): void;
  sendNonza(element: Element): void;
  closeWithError(error: StreamError | undefined, reason: string): Promise<void>;
  /** Closes the connection at once, as if it was lost. */
  drop(): void;
  /** Continues as `session` (a resumption): the stream's own session is forgotten. */
  adopt(session: ClientSession): void;
  readonly isClosed: boolean;
}

interface FilterEntry {
  readonly filter: OutboundFilter;
  readonly priority: number;
  readonly order: number;
}

/** Ends a session for good: unbinds it and fires `session-closed` (stream-control.ts). */
export type SessionEnder = (session: ClientSession, reason: string) => Promise<void>;

let filterOrder = 0;

const NO_FILTERS: readonly FilterEntry[] = Object.freeze([]);

export class ClientSession implements Session {
  readonly kind = "local" as const;
  bareJid: Jid | undefined;
  jid: Jid | undefined;
  presence: Element | undefined;
  priority = 0;
  interested = false;
  readonly data = new Map<string, unknown>();
  private current: SessionStream | undefined;
  private lastTransport: SessionStream["transport"];
  private ended = false;
  private filters: readonly FilterEntry[] = NO_FILTERS;
  /** Made when a module first observes inbound stanzas (most sessions never get one). */
  private observers: Set<(stanza: Element) => void> | undefined;
  /** Outcome callbacks of sendAndConfirm() stanzas not yet written nor taken by a filter. */
  private confirmations: Map<Element, Confirmation> | undefined;

  constructor(
    readonly id: string,
    public host: string,
    stream: SessionStream,
    private readonly ender: SessionEnder,
  ) {
    this.current = stream;
    this.lastTransport = stream.transport;
  }

  /** The connection now carrying this session; undefined while detached. */
  get stream(): SessionStream | undefined {
    return this.current;
  }

  get transport(): TransportKind {
    return (this.current?.transport ?? this.lastTransport).kind;
  }

  get secure(): boolean {
    return (this.current?.transport ?? this.lastTransport).secure;
  }

  get remoteAddress(): string {
    return (this.current?.transport ?? this.lastTransport).remoteAddress;
  }

  get closed(): boolean {
    return this.ended || (this.current?.isClosed ?? false);
  }

  /** Bound, not ended, without a connection. */
  get detached(): boolean {
    return !this.ended && this.current === undefined;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  attach(stream: SessionStream): void {
    this.current = stream;
    this.lastTransport = stream.transport;
  }

  detach(): void {
    this.current = undefined;
  }

  /** Marks the session as gone for good; filters and observers are dropped. */
  markEnded(): void {
    this.ended = true;
    this.filters = NO_FILTERS;
    this.observers = undefined;
    const pending = this.confirmations;
    this.confirmations = undefined;
    if (pending) for (const confirm of pending.values()) confirm(false);
  }

  send(stanza: Element): void {
    this.pass(stanza, 0);
  }

  sendAndConfirm(stanza: Element): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    return new Promise((resolve) => {
      const confirmations = (this.confirmations ??= new Map());
      // The same element sent twice before the first outcome: the first learns false.
      confirmations.get(stanza)?.(false);
      confirmations.set(stanza, once(resolve));
      this.pass(stanza, 0);
    });
  }

  /** StreamControl.takeConfirmation: a filter now owns the outcome of `stanza`. */
  takeConfirmation(stanza: Element): Confirmation | undefined {
    const confirm = this.confirmations?.get(stanza);
    if (confirm) this.confirmations!.delete(stanza);
    return confirm;
  }

  close(error?: StreamError): void {
    void this.terminate(error, error ? "error" : "closed");
  }

  /** Closes with a stream error and a reason for `session-closed`; resolves after its handlers. */
  terminate(error: StreamError | undefined, reason: string): Promise<void> {
    if (this.current) return this.current.closeWithError(error, reason);
    return this.ender(this, reason);
  }

  // ---- stream hooks (StreamControl) ---------------------------------------------------------

  addOutbound(filter: OutboundFilter, priority = 0): OutboundHandle {
    const entry: FilterEntry = { filter, priority, order: filterOrder++ };
    this.filters = [...this.filters, entry].sort(compareEntries);
    return {
      forward: (stanza) => {
        // From the first filter that sorts after this one (also when it was removed since).
        const next = this.filters.findIndex((e) => compareEntries(e, entry) > 0);
        this.pass(stanza, next === -1 ? this.filters.length : next);
      },
      remove: () => {
        this.filters = this.filters.filter((e) => e !== entry);
      },
    };
  }

  onInbound(observer: (stanza: Element) => void): () => void {
    const observers = (this.observers ??= new Set());
    observers.add(observer);
    return () => observers.delete(observer);
  }

  /** Called by the stream for every stanza its client sends, before anything else. */
  observeInbound(stanza: Element): void {
    const observers = this.observers;
    if (observers === undefined || observers.size === 0) return;
    for (const observe of [...observers]) observe(stanza);
  }

  private pass(stanza: Element, start: number): void {
    if (this.ended) return;
    let el: Element | undefined = stanza;
    const list = this.filters;
    for (let i = start; i < list.length && el; i++) el = list[i]!.filter(el);
    // Held back or dropped by a filter: its confirmation waits (for a forward, or the end).
    if (!el) return;
    const confirm = this.confirmations === undefined ? undefined : this.takeConfirmation(stanza);
    if (this.current && !this.current.isClosed) this.current.sendStanza(el, confirm);
    else confirm?.(false);
  }

  toString(): string {
    return `${this.jid ?? this.bareJid ?? "(unauthenticated)"} [${this.id}]`;
  }
}

/** The outcome of a sendAndConfirm() stanza: true once delivered, false when it never will be. */
type Confirmation = (delivered: boolean) => void;

function once(resolve: (delivered: boolean) => void): Confirmation {
  let done = false;
  return (delivered) => {
    if (done) return;
    done = true;
    resolve(delivered);
  };
}

function compareEntries(a: FilterEntry, b: FilterEntry): number {
  return b.priority - a.priority || a.order - b.order;
}
