// One MUC service domain (XEP-0045 §4.1 "conference.<domain>"): its rooms, how it sends
// stanzas, persistence, and the per-room task queues that keep each room's state consistent.
import type { ModuleContext } from "@parley/server";
import { type StanzaError, errorReply } from "@parley/stanza";
import type { Element } from "@parley/xml";
import type { MucConfig } from "./config";
import { type Occupant, Room } from "./room";
import { defaultRoomConfig } from "./room-config";
import { newSalt } from "./occupant-id";
import { type PresenceOptions, occupantPresence } from "./presence-build";
import type { ArchivedGroupchat } from "./room";
import { deleteRoom, dropArchived, saveArchived, saveRoom } from "./store";

export class MucService {
  readonly rooms = new Map<string, Room>();
  /** One task queue per room (XEP-0045 state changes of a room are taken one at a time). */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    readonly ctx: ModuleContext,
    readonly config: MucConfig,
    readonly domain: string,
  ) {}

  /**
   * Runs `task` after every task queued before it for the same room (`key`: the room's local
   * name, "" for the service itself). Stanzas to one room are taken one at a time so that no two
   * change it at once; rooms do not wait for each other, so a slow storage write in one room
   * never stalls the others. The component handler does not wait for its task, so that an
   * error bounced back to the service while a task routes never waits for that task.
   */
  enqueue(
    key: string,
    task: () => Promise<void>,
    onError: (error: unknown) => Promise<void>,
  ): void {
    const tail = (this.queues.get(key) ?? Promise.resolve())
      .then(task)
      .catch(async (error: unknown) => {
        try {
          await onError(error);
        } catch (e) {
          this.ctx.log.error("muc: error handling failed", { error: String(e) });
        }
      })
      .finally(() => {
        // The last task of a room's queue forgets the queue: idle rooms keep nothing.
        if (this.queues.get(key) === tail) this.queues.delete(key);
      });
    this.queues.set(key, tail);
  }

  /** Rooms with tasks queued or running (their local names). */
  busyRooms(): string[] {
    return [...this.queues.keys()].filter((k) => k !== "");
  }

  /** Waits until every queued task is done (teardown, tests). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all(this.queues.values());
  }

  send(stanza: Element): Promise<void> {
    return this.ctx.route(stanza);
  }

  /** The error answer to `request` (nothing for an error or an iq result). */
  async bounce(request: Element, error: StanzaError, extra?: Element): Promise<void> {
    const type = request.attr("type");
    if (type === "error" || (request.localName === "iq" && type === "result")) return;
    const reply = errorReply(request, error);
    if (extra) reply.children.unshift(extra);
    await this.send(reply);
  }

  roomJid(name: string): string {
    return `${name}@${this.domain}`;
  }

  newRoom(name: string): Room {
    const room = new Room(
      name,
      this.roomJid(name),
      defaultRoomConfig(this.config.historyLength),
      newSalt(),
    );
    this.rooms.set(name, room);
    return room;
  }

  /** Writes the room when persistent, forgets it in storage otherwise. */
  async persist(room: Room): Promise<void> {
    if (room.config.persistent) await saveRoom(this.ctx.storage.kv, this.domain, room);
    else await deleteRoom(this.ctx.storage.kv, this.domain, room);
  }

  /** Writes the whole archive (a room that just became persistent). */
  async persistArchive(room: Room): Promise<void> {
    for (const item of room.archive) await saveArchived(this.ctx.storage.kv, room, item);
  }

  /** Appends a groupchat message to the room's archive, dropping the oldest past the limit. */
  async archive(room: Room, item: ArchivedGroupchat): Promise<void> {
    room.archive.push(item);
    const dropped = room.archive.splice(
      0,
      Math.max(0, room.archive.length - this.config.archiveSize),
    );
    if (!room.config.persistent) return;
    await saveArchived(this.ctx.storage.kv, room, item);
    for (const old of dropped) await dropArchived(this.ctx.storage.kv, room, old);
  }

  /** Removes a room from the service and from storage. */
  async removeRoom(room: Room): Promise<void> {
    this.rooms.delete(room.name);
    await deleteRoom(this.ctx.storage.kv, this.domain, room);
  }

  /** §7.14 / §10.1: a temporary room goes away with its last occupant. */
  async dropIfEmpty(room: Room): Promise<void> {
    if (room.occupants.size === 0 && !room.config.persistent) await this.removeRoom(room);
  }

  /** Sends `occupant`'s presence to every occupant (itself last, §7.2.2), each with its view. */
  async broadcastPresence(
    room: Room,
    occupant: Occupant,
    options: PresenceOptions | ((recipient: Occupant) => PresenceOptions) = {},
  ): Promise<void> {
    const optionsFor = typeof options === "function" ? options : () => options;
    for (const recipient of room.occupants.values()) {
      if (recipient === occupant) continue;
      await this.send(occupantPresence(room, occupant, recipient, optionsFor(recipient)));
    }
    await this.send(occupantPresence(room, occupant, occupant, optionsFor(occupant)));
  }
}
