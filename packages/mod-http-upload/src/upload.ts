// XEP-0363 HTTP File Upload: the service domain (`upload.<domain>`) answering disco and slot
// requests, and the HTTP handler under /upload on the server's HTTP listener.
import { type StanzaEvent, type XmppServer, defineModule } from "@parley/server";
import { NS, StanzaError, iqError, iqResult } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { UPLOAD_PATH, readUploadConfig } from "./config";
import { serviceInfo, serviceItems } from "./disco";
import { FileStore } from "./files";
import { uploadHttpHandler } from "./http";
import { requestSlot } from "./request";
import { SlotStore } from "./slots";
import { sweep } from "./sweep";

export const httpUploadModule = defineModule({
  name: "http_upload",
  setup(ctx) {
    const config = readUploadConfig(ctx.config, ctx.hosts[0] ?? "localhost");
    const slots = new SlotStore(ctx.storage.kv, config.domain);
    const files = new FileStore(config.path);

    // The default URL needs the HTTP listener's port, known once the server listens.
    let baseUrl = config.url;
    ctx.on<{ server?: XmppServer }>("server-started", ({ server }) => {
      const port = server?.addresses.http?.port;
      if (baseUrl === undefined && port !== undefined) {
        baseUrl = `http://${ctx.hosts[0]}:${port}${UPLOAD_PATH}`;
      }
      if (baseUrl === undefined) ctx.log.warn("http_upload: no HTTP listener and no url set");
      else if (!baseUrl.startsWith("https:")) {
        ctx.log.info("http_upload: slot URLs are plain http (XEP-0363 §4 wants TLS)", { baseUrl });
      }
      return undefined;
    });

    const answer = async (event: StanzaEvent, payload: () => Promise<Element>) => {
      let reply: Element;
      try {
        reply = iqResult(event.stanza, await payload());
      } catch (error) {
        if (!(error instanceof StanzaError)) throw error;
        reply = iqError(event.stanza, error);
      }
      await ctx.route(reply);
      return true;
    };

    // XEP-0363 §2: clients find the service among the server's disco#items.
    ctx.addDiscoItem({ jid: config.domain, name: "HTTP File Upload" });
    ctx.addComponent(config.domain, async (event) => {
      // Only the service itself answers; JIDs at its domain are nobody.
      if (event.kind !== "iq" || event.to.local || event.to.resource) return undefined;
      const payload = event.stanza.elements()[0];
      if (event.type !== "get" || !payload) return undefined;
      const key = `${payload.ns} ${payload.localName}`;
      const node = payload.attr("node");
      if (key === `${NS.DISCO_INFO} query`) {
        return answer(event, async () => {
          if (node !== undefined) throw new StanzaError("item-not-found");
          return serviceInfo(config.maxFileSize, node);
        });
      }
      if (key === `${NS.DISCO_ITEMS} query`) {
        return answer(event, async () => {
          if (node !== undefined) throw new StanzaError("item-not-found");
          return serviceItems();
        });
      }
      if (key === `${NS.HTTP_UPLOAD} request`) {
        ctx.count("http_upload.requests");
        return answer(event, () =>
          requestSlot(
            { config, slots, baseUrl: () => baseUrl, isLocalHost: (d) => ctx.isLocalHost(d) },
            event.from,
            payload,
          ),
        );
      }
      return undefined;
    });

    ctx.addHttpHandler(UPLOAD_PATH, uploadHttpHandler({ config, slots, files, log: ctx.log }));

    const run = () => {
      sweep(config, slots, files, Date.now()).then(
        (n) => n > 0 && ctx.log.info("http_upload: expired uploads deleted", { count: n }),
        (error) => ctx.log.error("http_upload: sweep failed", { error: String(error) }),
      );
    };
    ctx.setInterval(run, config.sweepIntervalMs);
  },
});
