// A client stream as modules see it (module-api.ts `Session`): state they may read and write,
// plus send/close that the stream provides.
import type { Jid } from "@parley/jid";
import type { StreamError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import type { Session, TransportKind } from "../module-api";

export interface SessionStream {
  readonly transport: {
    readonly kind: TransportKind;
    readonly secure: boolean;
    readonly remoteAddress: string;
  };
  sendStanza(stanza: Element): void;
  closeWithError(error: StreamError | undefined, reason: string): Promise<void>;
  readonly isClosed: boolean;
}

export class ClientSession implements Session {
  bareJid: Jid | undefined;
  jid: Jid | undefined;
  presence: Element | undefined;
  priority = 0;
  interested = false;
  readonly data = new Map<string, unknown>();

  constructor(
    readonly id: string,
    public host: string,
    private readonly stream: SessionStream,
  ) {}

  get transport(): TransportKind {
    return this.stream.transport.kind;
  }

  get secure(): boolean {
    return this.stream.transport.secure;
  }

  get remoteAddress(): string {
    return this.stream.transport.remoteAddress;
  }

  get closed(): boolean {
    return this.stream.isClosed;
  }

  send(stanza: Element): void {
    if (!this.stream.isClosed) this.stream.sendStanza(stanza);
  }

  close(error?: StreamError): void {
    void this.stream.closeWithError(error, error ? "error" : "closed");
  }

  /** Closes with a stream error and a reason for `session-closed`; resolves after its handlers. */
  terminate(error: StreamError | undefined, reason: string): Promise<void> {
    return this.stream.closeWithError(error, reason);
  }

  toString(): string {
    return `${this.jid ?? this.bareJid ?? "(unauthenticated)"} [${this.id}]`;
  }
}
