// XEP-0092 Software Version: the server answers with its name, version and (optionally) OS.
import { NS } from "@parley/stanza";
import { xml } from "@parley/xml";
import { defineModule } from "../../module-api";
import { PARLEY_VERSION } from "./product";

export const versionModule = defineModule({
  name: "version",
  setup(ctx) {
    const name = typeof ctx.config.name === "string" ? ctx.config.name : "Parley";
    const version = typeof ctx.config.version === "string" ? ctx.config.version : PARLEY_VERSION;
    // §3: <os/> is OPTIONAL; it reveals the platform, so it is only sent when configured.
    const os = typeof ctx.config.os === "string" ? ctx.config.os : undefined;
    ctx.addFeature(NS.VERSION);
    ctx.handleIq("get", NS.VERSION, "query", () =>
      xml(
        "query",
        { xmlns: NS.VERSION },
        xml("name", null, name),
        xml("version", null, version),
        os !== undefined && xml("os", null, os),
      ),
    );
  },
});
