// XEP-0280 Message Carbons: per-session enable/disable (§3, §4), copies of what a user's other
// sessions receive (§5) and send (§6), <private/> and XEP-0334 <no-copy/> (§7), and no forged
// carbons: a <sent/> or <received/> from anyone but the account itself is rejected (§11).
import type { Jid } from "@parley/jid";
import { defineModule, type ModuleContext, type Session, type StanzaEvent } from "@parley/server";
import { NS } from "@parley/stanza";
import { CarbonsNotAllowedError, ForgedCarbonError } from "./errors";
import { recipientsOf } from "./delivery";
import { CARBONS_RULES, type CarbonDirection, eligible } from "./rules";
import { carbon, forwardedCopy } from "./wrap";

const KEY = "carbons";
/** Above every other delivery hook but blocking (1000): forged carbons go nowhere, not even the archive. */
export const FORGERY_PRIORITY = 600;
/** Below mod-mam (500), so copies carry the archive's stanza-id; above delivery (0). */
export const COPY_PRIORITY = 400;

/** `carbons/copy`: fired once per copied message; listeners may decorate `forwarded`. */
export const CARBON_COPY_EVENT = "carbons/copy";
export interface CarbonCopyEvent {
  readonly owner: string;
  readonly direction: CarbonDirection;
  readonly original: import("@parley/xml").Element;
  readonly forwarded: import("@parley/xml").Element;
}

/** Whether a session has enabled carbons. */
export function carbonsEnabled(session: Session): boolean {
  return session.data.get(KEY) === true;
}

function setEnabled(event: StanzaEvent, on: boolean): null {
  const origin = event.origin;
  // The iq has no 'to' (the account itself): another account's address is not allowed (§4.1).
  if (!origin?.bareJid || !event.to.equals(origin.bareJid)) throw new CarbonsNotAllowedError();
  origin.data.set(KEY, on); // §8.1: repeated enable/disable requests just succeed
  return null;
}

async function sendCopies(
  ctx: ModuleContext,
  direction: CarbonDirection,
  account: Jid,
  original: import("@parley/xml").Element,
  skip: readonly Session[],
): Promise<void> {
  const targets = ctx
    .sessionsOf(account)
    .filter((s) => carbonsEnabled(s) && !s.closed && s.jid !== undefined && !skip.includes(s));
  if (targets.length === 0) return;
  const owner = account.toString();
  const forwarded = forwardedCopy(original);
  await ctx.fire<CarbonCopyEvent>(CARBON_COPY_EVENT, { owner, direction, original, forwarded });
  const type = original.attr("type");
  for (const s of targets) s.send(carbon(direction, owner, s.jid!.toString(), type, forwarded));
}

export const carbonsModule = defineModule({
  name: "carbons",
  setup(ctx) {
    ctx.addFeature(NS.CARBONS); // §2
    ctx.addFeature(CARBONS_RULES); // §6.2
    const opts = { destination: "bare" as const };
    ctx.handleIq("set", NS.CARBONS, "enable", (e) => setEnabled(e, true), opts);
    ctx.handleIq("set", NS.CARBONS, "disable", (e) => setEnabled(e, false), opts);

    for (const dest of ["bare", "full"]) {
      // §11: carbons come only from the account's bare JID, which no client can send as.
      ctx.on<StanzaEvent>(
        `message/${dest}`,
        ({ stanza, from, to }) => {
          const forged =
            stanza.getChild("sent", NS.CARBONS) ?? stanza.getChild("received", NS.CARBONS);
          if (forged && !from.equals(to.bare())) throw new ForgedCarbonError();
          return undefined;
        },
        FORGERY_PRIORITY,
      );

      // §6: what a session sends goes to the account's other enabled sessions.
      ctx.on<StanzaEvent>(
        `pre-message/${dest}`,
        async ({ stanza, origin }) => {
          if (origin?.bareJid && eligible(stanza, "sent")) {
            await sendCopies(ctx, "sent", origin.bareJid, stanza, [origin]);
          }
          return undefined;
        },
        COPY_PRIORITY,
      );

      // §5: what the account receives goes to the enabled sessions RFC 6121 does not deliver to.
      ctx.on<StanzaEvent>(
        `message/${dest}`,
        async ({ stanza, to }) => {
          const account = to.bare();
          if (account.local === "" || !ctx.isLocalHost(account.domain)) return undefined;
          if (eligible(stanza, "received")) {
            await sendCopies(
              ctx,
              "received",
              account,
              stanza,
              recipientsOf(ctx, to, stanza.attr("type")),
            );
          }
          // §7: the receiving server SHOULD remove <private/> before delivery.
          const priv = stanza.getChildren("private", NS.CARBONS);
          if (priv.length > 0) stanza.remove(...priv);
          return undefined;
        },
        COPY_PRIORITY,
      );
    }
  },
});
