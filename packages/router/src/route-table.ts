// The route table: one lookup from a `to` address to the destination that takes the stanza
// (RFC 6120 §10.3–§10.5). Destinations are pluggable: domains served by a destination of their
// own (components, later other nodes), the server itself (`host`), local accounts (`bare`,
// `full`) and other domains (`remote`).
import type { Jid } from "@parley/jid";
import { type RouteDestination, classifyDestination } from "./destination";

/** Delivers what the table routes to it; `E` is the caller's stanza event type. */
export interface RouteTarget<E> {
  deliver(event: E): Promise<void>;
}

export type RouteTargets<E> = Record<RouteDestination, RouteTarget<E>>;

export interface Route<E> {
  /** `domain`: a domain with its own destination (addDomain); else the classified destination. */
  readonly kind: RouteDestination | "domain";
  readonly target: RouteTarget<E>;
}

export class RouteTable<E> {
  private readonly domains = new Map<string, RouteTarget<E>>();

  constructor(
    private readonly isLocalHost: (domain: string) => boolean,
    private readonly targets: RouteTargets<E>,
  ) {}

  /** Routes everything for `domain` (and its JIDs) to `target`; returns the remover. */
  addDomain(domain: string, target: RouteTarget<E>): () => void {
    this.domains.set(domain, target);
    return () => {
      if (this.domains.get(domain) === target) this.domains.delete(domain);
    };
  }

  /** Replaces the destination of a kind (e.g. `remote` once server-to-server exists). */
  setTarget(kind: RouteDestination, target: RouteTarget<E>): void {
    this.targets[kind] = target;
  }

  /** The destination of `to`, without saying which kind it is (the per-stanza hot path). */
  targetFor(to: Jid): RouteTarget<E> {
    if (this.domains.size > 0) {
      const own = this.domains.get(to.domain);
      if (own) return own;
    }
    return this.targets[classifyDestination(to, this.isLocalHost)];
  }

  lookup(to: Jid): Route<E> {
    if (this.domains.size > 0) {
      const own = this.domains.get(to.domain);
      if (own) return { kind: "domain", target: own };
    }
    const kind = classifyDestination(to, this.isLocalHost);
    return { kind, target: this.targets[kind] };
  }
}
