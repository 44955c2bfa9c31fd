// XEP-0199 XMPP Ping: the whole module a contributor needs to read first.
import { defineModule } from "@parley/server";
import { NS } from "@parley/stanza";
import { startKeepalive } from "./keepalive";
import { readPingConfig } from "./config";

export const pingModule = defineModule({
  name: "ping",
  setup(ctx) {
    ctx.addFeature(NS.PING); // XEP-0199 §8: advertised in the server's disco#info
    // §4.2 client-to-server ping: an empty result. An iq without `to` is addressed to the
    // sender's own account (RFC 6120 §10.3.3), which the server answers too.
    ctx.handleIq("get", NS.PING, "ping", () => null, { destination: ["host", "bare"] });
    // §4.3 server-to-client pings, only when configured.
    const config = readPingConfig(ctx.config);
    if (config.idleMs > 0) startKeepalive(ctx, config);
  },
});
