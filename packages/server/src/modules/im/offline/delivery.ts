// Offline delivery that loses nothing (XEP-0160 §3): stored messages stay in storage while they
// are on their way and are removed only once the session confirms each one (the client's
// XEP-0198 ack, or without stream management the socket accepting it). A connection lost
// before that, or a crash, leaves them stored for the next login; none is stored twice.
import type { ModuleContext, Session } from "../../../module-api";
import { parseStored, withDelay } from "./codec";

/**
 * Ids of messages being delivered, per owner: another resource becoming available meanwhile
 * must not get them as well. One server process; a cluster would need a shared claim.
 */
export class InFlight {
  private readonly byOwner = new Map<string, Set<string>>();

  has(owner: string, id: string): boolean {
    return this.byOwner.get(owner)?.has(id) ?? false;
  }

  add(owner: string, id: string): void {
    let ids = this.byOwner.get(owner);
    if (!ids) this.byOwner.set(owner, (ids = new Set()));
    ids.add(id);
  }

  delete(owner: string, id: string): void {
    const ids = this.byOwner.get(owner);
    if (!ids?.delete(id) || ids.size > 0) return;
    this.byOwner.delete(owner);
  }
}

/**
 * Removes confirmed messages from storage, one storage call for all confirmations of the same
 * turn (one XEP-0198 `<a/>` confirms many). An id leaves `inFlight` only once it is removed.
 */
class Removal {
  private batch: string[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: ModuleContext,
    private readonly owner: string,
    private readonly inFlight: InFlight,
  ) {}

  add(id: string): void {
    if (this.batch.push(id) === 1) queueMicrotask(() => this.flush());
  }

  /** Resolves once every removal asked for so far is done (or failed and was logged). */
  done(): Promise<void> {
    this.flush();
    return this.chain;
  }

  private flush(): void {
    const ids = this.batch;
    if (ids.length === 0) return;
    this.batch = [];
    const { ctx, owner, inFlight } = this;
    this.chain = this.chain
      .then(() => ctx.storage.offline.remove(owner, ids))
      .then(
        () => undefined,
        (error: unknown) => {
          // Still stored: delivered again at the next login (a duplicate, never a loss).
          ctx.log.error("removing delivered offline messages failed", {
            owner,
            error: String(error),
          });
        },
      )
      .finally(() => {
        for (const id of ids) inFlight.delete(owner, id);
      });
  }
}

/**
 * Sends `owner`'s stored messages to `session` with XEP-0203 delay stamps. Resolves once they
 * are sent, not delivered: confirmations are awaited in the background (`tracking`), since the
 * client's acks arrive on the very stream whose stanza led here.
 */
export async function deliverOffline(
  ctx: ModuleContext,
  session: Session,
  inFlight: InFlight,
): Promise<{ tracking: Promise<void> }> {
  const owner = session.bareJid?.toString();
  if (!owner) return { tracking: Promise.resolve() };
  const stored = await ctx.storage.offline.list(owner);
  const removal = new Removal(ctx, owner, inFlight);
  const outcomes: Promise<void>[] = [];
  for (const message of stored) {
    if (session.closed) break; // the rest stays stored for the next login
    if (inFlight.has(owner, message.id)) continue; // on its way to another resource
    const stanza = parseStored(message.xml);
    inFlight.add(owner, message.id);
    if (!stanza) {
      ctx.log.warn("dropping an unreadable offline message", { owner });
      removal.add(message.id);
      continue;
    }
    const sent = session.sendAndConfirm(withDelay(stanza, session.host, message.stamp));
    outcomes.push(
      sent.then((delivered) => {
        if (delivered) removal.add(message.id);
        else inFlight.delete(owner, message.id);
      }),
    );
  }
  return { tracking: Promise.all(outcomes).then(() => removal.done()) };
}
