// XEP-0357 Push Notifications, server side: <enable/> and <disable/> (§5, §6), and notifications
// (§7) for messages the account may miss — stored offline (no available session), or delivered
// to a session that is asleep: hibernating after a lost connection (XEP-0198 resumption, seen
// through StreamControl.isDetached) or inactive (XEP-0352, mod-csi's csiStateOf).
import { csiStateOf } from "@parley/mod-csi";
import {
  type ModuleContext,
  type Session,
  type SessionClosedEvent,
  type SessionEvent,
  type StanzaEvent,
  defineModule,
} from "@parley/server";
import { NS } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { disable, enable, ownerOf } from "./commands";
import { readPushConfig } from "./config";
import { worthNotifying } from "./important";
import { Notifier } from "./notifier";
import { Registrations, registrationKey } from "./registrations";

/** Runs before CSI (100) and stream management (-1000): sees every stanza for the session. */
export const PUSH_FILTER_PRIORITY = 200;
const SESSION_KEY = "push";

/** The event the offline module answers (XEP-0160); the push module only listens to it. */
const OFFLINE_STORE_EVENT = "offline/store";

interface SessionPush {
  /** Registration keys this session enabled. */
  keys: Set<string>;
  remove: () => void;
}

function asleep(ctx: ModuleContext, session: Session): boolean {
  return ctx.streams?.isDetached(session) === true || csiStateOf(session)?.inactive === true;
}

export const pushModule = defineModule({
  name: "push",
  setup(ctx) {
    const config = readPushConfig(ctx.config);
    const registrations = new Registrations(ctx.storage.kv);
    const notifier = new Notifier(ctx, config, registrations);
    // XEP-0357 §4.1: the feature is on the account's disco#info; also on the server's, where
    // some clients look.
    ctx.addAccountFeature(NS.PUSH);
    ctx.addFeature(NS.PUSH);

    /** Watches what is written to a session that enabled push, for the time it sleeps. */
    const watch = (session: Session, key: string) => {
      const existing = session.data.get(SESSION_KEY) as SessionPush | undefined;
      if (existing) return void existing.keys.add(key);
      if (!ctx.streams) return; // a hand-made context: offline notifications only
      const state: SessionPush = { keys: new Set([key]), remove: () => {} };
      const handle = ctx.streams.addOutbound(
        session,
        (stanza) => {
          // Fire-and-forget beside the stanza: a storage error is logged, never left unhandled.
          if (asleep(ctx, session)) {
            notifySession(session, state, stanza).catch((error: unknown) => {
              ctx.count("push.errors");
              ctx.log.error("push: notification failed", { error: String(error) });
            });
          }
          return stanza;
        },
        PUSH_FILTER_PRIORITY,
      );
      state.remove = () => handle.remove();
      session.data.set(SESSION_KEY, state);
    };

    const notifySession = async (session: Session, state: SessionPush, stanza: Element) => {
      const worth = worthNotifying(stanza);
      const owner = session.bareJid?.toString();
      if (!worth || !owner) return;
      for (const r of await registrations.list(owner)) {
        if (state.keys.has(registrationKey(r.jid, r.node))) notifier.notify(owner, r, worth);
      }
    };

    ctx.handleIq(
      "set",
      NS.PUSH,
      "enable",
      async (event) => {
        const owner = ownerOf(event);
        const r = await enable(
          registrations,
          config,
          owner,
          event.stanza.getChild("enable", NS.PUSH)!,
        );
        if (event.origin) watch(event.origin, registrationKey(r.jid, r.node));
        return null;
      },
      { destination: "bare" },
    );
    ctx.handleIq(
      "set",
      NS.PUSH,
      "disable",
      async (event) => {
        const owner = ownerOf(event);
        const el = event.stanza.getChild("disable", NS.PUSH)!;
        await disable(registrations, owner, el);
        const jid = el.attr("jid");
        const node = el.attr("node");
        if (jid !== undefined && node !== undefined) notifier.forget(owner, { jid, node });
        return null;
      },
      { destination: "bare" },
    );

    // No available session: the message goes to offline storage. Listen (higher priority than
    // the offline module's 0, answering nothing) and notify every registration of the account.
    ctx.on<{ owner: string; stanza: Element }>(
      OFFLINE_STORE_EVENT,
      async ({ owner, stanza }) => {
        const worth = worthNotifying(stanza);
        if (worth)
          for (const r of await registrations.list(owner)) notifier.notify(owner, r, worth);
        return undefined;
      },
      10,
    );

    // XEP-0357 §8: the app server withdraws the registration with an affiliation change.
    ctx.on<StanzaEvent>(
      "message/bare",
      async ({ stanza, from, to }) => {
        const ps = stanza.getChild("pubsub", NS.PUBSUB);
        const aff = ps?.getChild("affiliation", NS.PUBSUB);
        if (!ps || aff?.attr("affiliation") !== "none") return undefined;
        const owner = to.bare().toString();
        const node = ps.attr("node") ?? "";
        if ((await registrations.remove(owner, from.toString(), node)) === 0) return undefined;
        notifier.forget(owner, { jid: from.toString(), node });
        return true;
      },
      10,
    );

    // Awake again: counts start over.
    const awake = ({ session }: SessionEvent) => {
      const owner = session.bareJid?.toString();
      if (owner) notifier.reset(owner);
      return undefined;
    };
    ctx.on<SessionEvent>("session-started", awake);
    ctx.on<SessionEvent>("session-resumed", awake);
    ctx.on<SessionClosedEvent>("session-closed", ({ session }) => {
      (session.data.get(SESSION_KEY) as SessionPush | undefined)?.remove();
      session.data.delete(SESSION_KEY);
      return undefined;
    });
  },
});
