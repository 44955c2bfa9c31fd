// XEP-0199 XMPP Ping: the whole module a contributor needs to read first.
import { defineModule } from "@parley/server";
import { NS } from "@parley/stanza";
import { readPingConfig } from "./config";
import { startKeepalive } from "./keepalive";

export const pingModule = defineModule({
  name: "ping",
  setup(ctx) {
    ctx.addFeature(NS.PING); // XEP-0199 §8: advertised in the server's disco#info
    // §4.2 client-to-server ping: an empty result.
    ctx.handleIq("get", NS.PING, "ping", () => null);
    // A ping to a bare JID (or without `to`: the sender's own account, RFC 6120 §10.3.3) is
    // answered by the server on the account's behalf; the core answers service-unavailable for
    // an account that does not exist before any handler runs (RFC 6121 §8.5.1).
    ctx.handleIq("get", NS.PING, "ping", () => null, { destination: "bare" });
    // §4.3 server-to-client pings, only when configured.
    const config = readPingConfig(ctx.config);
    if (config.idleMs > 0) startKeepalive(ctx, config);
  },
});
