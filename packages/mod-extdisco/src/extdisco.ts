// XEP-0215 External Service Discovery (for the server's local users) and XEP-0156 host-meta.
import { type StanzaEvent, WEBSOCKET_PATH, type XmppServer, defineModule } from "@parley/server";
import { StanzaError } from "@parley/stanza";
import { readExtdiscoConfig } from "./config";
import { HOST_META_PATH, hostMetaHandler } from "./host-meta";
import { NS_EXTDISCO, credentialsAnswer, servicesAnswer } from "./services";

/** §4 / §6: only authenticated users of this server learn the services (and credentials). */
function userOf(event: StanzaEvent, isLocalHost: (d: string) => boolean): string {
  const { from, to } = event;
  const local = from.local !== undefined && from.local !== "" && isLocalHost(from.domain);
  // An iq to a bare JID is the server answering for that account: only the account itself.
  const own = to.local === undefined || to.local === "" || to.bareEquals(from);
  if (!local || !own) throw new StanzaError("forbidden");
  return from.bare().toString();
}

export const extdiscoModule = defineModule({
  name: "extdisco",
  setup(ctx) {
    const config = readExtdiscoConfig(ctx.config);
    ctx.addFeature(NS_EXTDISCO);
    const destination = ["host", "bare"] as const;
    const isLocal = (d: string) => ctx.isLocalHost(d);
    ctx.handleIq(
      "get",
      NS_EXTDISCO,
      "services",
      (event) => {
        const user = userOf(event, isLocal);
        return servicesAnswer(
          config.services,
          event.stanza.getChild("services", NS_EXTDISCO)!,
          user,
        );
      },
      { destination },
    );
    ctx.handleIq(
      "get",
      NS_EXTDISCO,
      "credentials",
      (event) => {
        const user = userOf(event, isLocal);
        const request = event.stanza.getChild("credentials", NS_EXTDISCO)!;
        return credentialsAnswer(config.services, request, user);
      },
      { destination },
    );

    let port: number | undefined;
    ctx.on<{ server?: XmppServer }>("server-started", ({ server }) => {
      port = server?.addresses.http?.port;
      return undefined;
    });
    const deps = {
      config,
      hosts: ctx.hosts,
      httpPort: () => port,
      websocketPath: WEBSOCKET_PATH,
    };
    ctx.addHttpHandler(HOST_META_PATH, hostMetaHandler(deps, "xrd"));
    ctx.addHttpHandler(`${HOST_META_PATH}.json`, hostMetaHandler(deps, "json"));
  },
});
