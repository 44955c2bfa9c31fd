// XEP-0199 XMPP Ping: the whole module a contributor needs to read first.
import { defineModule, type ModuleContext, type StanzaEvent } from "@parley/server";
import { NS, StanzaError } from "@parley/stanza";
import { readPingConfig } from "./config";
import { startKeepalive } from "./keepalive";

export const pingModule = defineModule({
  name: "ping",
  setup(ctx) {
    ctx.addFeature(NS.PING); // XEP-0199 §8: advertised in the server's disco#info
    // §4.2 client-to-server ping: an empty result.
    ctx.handleIq("get", NS.PING, "ping", () => null);
    // A ping to a bare JID (or without `to`: the sender's own account, RFC 6120 §10.3.3) is
    // answered by the server on the account's behalf, if the account exists.
    ctx.handleIq("get", NS.PING, "ping", (event) => pingAccount(ctx, event), {
      destination: "bare",
    });
    // §4.3 server-to-client pings, only when configured.
    const config = readPingConfig(ctx.config);
    if (config.idleMs > 0) startKeepalive(ctx, config);
  },
});

/** RFC 6121 §8.5.1: an iq to an account that does not exist gets service-unavailable. */
async function pingAccount(ctx: ModuleContext, event: StanzaEvent): Promise<null> {
  const owner = event.to.bare().toString();
  // A session without a stored account (SASL ANONYMOUS) is an account while it lasts.
  if (ctx.sessionsOf(owner).length > 0 || (await ctx.storage.accounts.exists(owner))) return null;
  throw new StanzaError("service-unavailable");
}
