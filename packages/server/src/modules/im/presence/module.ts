// Presence (RFC 6121 §3 subscriptions and §4 exchanging presence) on the module API.
import {
  defineModule,
  type ModuleContext,
  type SessionClosedEvent,
  type StanzaEvent,
} from "../../../module-api";
import { goUnavailable, handleBroadcast } from "./broadcast";
import { deliverInbound } from "./inbound";
import { withoutEmptyShow } from "./lenient";
import { handleOutbound } from "./outbound";

async function onPresence(ctx: ModuleContext, event: StanzaEvent): Promise<true> {
  const { origin } = event;
  // From our own clients, an empty <show/> counts as none (see lenient.ts).
  const stanza = origin ? withoutEmptyShow(event.stanza) : event.stanza;
  if (origin && stanza.attr("to") === undefined) {
    await handleBroadcast(ctx, origin, stanza); // §4.2 / §4.4 / §4.5: no 'to' → broadcast
  } else if (origin) {
    await handleOutbound(ctx, origin, stanza, event.to);
  } else if (event.to.local !== "") {
    await deliverInbound(ctx, stanza, event.from, event.to);
  }
  return true;
}

export const presenceModule = defineModule({
  name: "presence",
  dependsOn: ["roster"],
  setup(ctx) {
    for (const dest of ["host", "bare", "full"]) {
      ctx.on<StanzaEvent>(`presence/${dest}`, (event) => onPresence(ctx, event));
    }
    // §4.5.2: a session that ends without unavailable presence (closed stream, dropped TCP,
    // replaced resource) is announced unavailable by the server.
    ctx.on<SessionClosedEvent>("session-closed", async (event) => {
      try {
        await goUnavailable(ctx, event.session, undefined);
      } catch (error) {
        ctx.log.error("unavailable broadcast failed", { error: String(error) });
      }
      return undefined; // other modules see the event too
    });
  },
});
