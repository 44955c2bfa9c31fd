// XEP-0045 Multi-User Chat: one service per served domain at `conference.<domain>` (or the one
// `modules.muc.domain`), with persistent rooms loaded from storage at start.
import { defineModule } from "@parley/server";
import type { SessionClosedEvent } from "@parley/server";
import { readMucConfig } from "./config";
import { componentHandler } from "./handler";
import { removeOccupant } from "./occupants";
import { MucService } from "./service";
import { loadRooms } from "./store";

export const mucModule = defineModule({
  name: "muc",
  async setup(ctx) {
    const config = readMucConfig(ctx.config);
    const domains = config.domain ? [config.domain] : ctx.hosts.map((h) => `conference.${h}`);
    const services: MucService[] = [];
    for (const domain of domains) {
      const svc = new MucService(ctx, config, domain);
      const rooms = await loadRooms(ctx.storage.kv, domain, config.historyLength, (error) =>
        ctx.log.warn(error.message),
      );
      for (const room of rooms) svc.rooms.set(room.name, room);
      ctx.addComponent(domain, componentHandler(svc));
      // XEP-0045 §6.1: clients find the service in the server's disco#items.
      ctx.addDiscoItem({ jid: domain, name: config.name });
      services.push(svc);
    }
    // §7.14: a user whose session ends leaves every room it was in.
    ctx.on<SessionClosedEvent>("session-closed", ({ session }) => {
      const full = session.jid?.toString();
      if (!full) return undefined;
      for (const svc of services) {
        // The rooms it is in, and those with queued work (a join of this session may wait
        // there): the leave is queued behind it, in that room's order.
        const rooms = new Set(svc.busyRooms());
        for (const room of svc.rooms.values()) if (room.occupantByJid(full)) rooms.add(room.name);
        for (const name of rooms) {
          svc.enqueue(
            name,
            async () => {
              const room = svc.rooms.get(name);
              const occupant = room?.occupantByJid(full);
              if (room && occupant) await removeOccupant(svc, room, occupant, {}, false);
            },
            async (error) =>
              ctx.log.error("muc: leaving on session end failed", { error: String(error) }),
          );
        }
      }
      return undefined;
    });
    ctx.on("server-stopping", async () => {
      await Promise.all(services.map((s) => s.idle()));
      return undefined;
    });
  },
});
