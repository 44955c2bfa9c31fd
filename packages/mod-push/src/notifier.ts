// Sends notifications to the app servers (XEP-0357 §7): one at a time per registration, at most
// one per `minIntervalMs` (messages in between are merged into the next, with their count), and
// §7.1 error handling: an error answer disables the registration unless it is a temporary one
// (type "wait"); a timeout keeps it.
import type { ModuleContext } from "@parley/server";
import { StanzaError } from "@parley/stanza";
import type { PushConfig } from "./config";
import { type Summary, publishIq } from "./notification";
import { type Registration, type Registrations, registrationKey } from "./registrations";

interface Pending {
  /** Messages since the account was last awake (the summary's message-count). */
  count: number;
  lastSender: string | undefined;
  lastBody: string | undefined;
  /** A notification is waiting for its turn. */
  due: boolean;
  timer: (() => void) | undefined;
  sending: boolean;
  lastSent: number;
}

export interface Notice {
  sender: string | undefined;
  body: string | undefined;
}

export class Notifier {
  private readonly state = new Map<string, Pending>();

  constructor(
    private readonly ctx: ModuleContext,
    private readonly config: PushConfig,
    private readonly registrations: Registrations,
  ) {}

  private stateOf(owner: string, r: Registration): Pending {
    const key = `${owner} ${registrationKey(r.jid, r.node)}`;
    let s = this.state.get(key);
    if (!s) {
      s = {
        count: 0,
        lastSender: undefined,
        lastBody: undefined,
        due: false,
        timer: undefined,
        sending: false,
        lastSent: 0,
      };
      this.state.set(key, s);
    }
    return s;
  }

  /** A message the account may miss: queue a notification to `registration`. */
  notify(owner: string, registration: Registration, notice: Notice): void {
    const s = this.stateOf(owner, registration);
    s.count++;
    if (this.config.includeSender) s.lastSender = notice.sender;
    if (this.config.includeBody) s.lastBody = notice.body;
    s.due = true;
    this.schedule(owner, registration, s);
  }

  /** The account is awake again: counts start over. */
  reset(owner: string): void {
    for (const [key, s] of this.state) {
      if (key.startsWith(`${owner} `) && !s.due) {
        s.count = 0;
        s.lastSender = undefined;
        s.lastBody = undefined;
      }
    }
  }

  private schedule(owner: string, r: Registration, s: Pending): void {
    if (s.timer || s.sending || !s.due) return;
    const wait = Math.max(0, s.lastSent + this.config.minIntervalMs - Date.now());
    s.timer = this.ctx.setTimeout(() => {
      s.timer = undefined;
      // A storage error (reading the registrations) is logged; the next notice tries again.
      this.send(owner, r, s).catch((error: unknown) => {
        this.ctx.count("push.errors");
        this.ctx.log.error("push: sending a notification failed", { owner, error: String(error) });
      });
    }, wait);
  }

  private async send(owner: string, old: Registration, s: Pending): Promise<void> {
    // §6: never publish to a registration disabled meanwhile; take its latest publish options.
    const key = registrationKey(old.jid, old.node);
    const r = (await this.registrations.list(owner)).find(
      (x) => registrationKey(x.jid, x.node) === key,
    );
    if (!r) return this.forget(owner, old);
    s.due = false;
    s.sending = true;
    s.lastSent = Date.now();
    const summary: Summary = {
      messageCount: s.count,
      lastSender: s.lastSender,
      lastBody: s.lastBody,
    };
    this.ctx.count("push.sent");
    try {
      await this.ctx.request(publishIq(owner, r, summary), { timeoutMs: this.config.timeoutMs });
    } catch (error) {
      await this.failed(owner, r, error);
    } finally {
      s.sending = false;
    }
    this.schedule(owner, r, s);
  }

  private async failed(owner: string, r: Registration, error: unknown): Promise<void> {
    this.ctx.count("push.failed");
    if (error instanceof StanzaError && error.type !== "wait") {
      // §7.1: the JID and node combination is considered disabled.
      this.ctx.log.info("push: app server refused a notification; registration removed", {
        owner,
        service: r.jid,
        condition: error.condition,
      });
      await this.registrations.remove(owner, r.jid, r.node).catch(() => 0);
      this.forget(owner, r);
      return;
    }
    this.ctx.log.warn("push: notification not delivered", {
      owner,
      service: r.jid,
      error: String(error),
    });
  }

  /** Drops the in-memory state of a registration (disabled). */
  forget(owner: string, r: Pick<Registration, "jid" | "node">): void {
    const key = `${owner} ${registrationKey(r.jid, r.node)}`;
    const s = this.state.get(key);
    s?.timer?.();
    if (s) s.due = false;
    this.state.delete(key);
  }
}
