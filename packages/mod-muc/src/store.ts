// Persistent rooms (XEP-0045 §10.2 muc#roomconfig_persistentroom) in the module key-value store:
// "muc-rooms" (owner = service domain, key = room name, value = JSON of config, affiliations,
// subject and salt) and "muc-archive" (owner = room JID, key = sequence, value = one message).
import type { KeyValueStore } from "@parley/storage";
import { MucStoredRoomError } from "./errors";
import { isAffiliation } from "./roles";
import { type ArchivedGroupchat, Room } from "./room";
import { restoreConfig } from "./room-config";
import { parseXmlFragment, stanzaText } from "./xml-text";

export const ROOMS_STORE = "muc-rooms";
export const ARCHIVE_STORE = "muc-archive";

interface StoredRoom {
  config: unknown;
  affiliations: [string, string][];
  subject?: { text: string; nick: string };
  salt: string;
  seq: number;
}

export const archiveKey = (seq: number) => String(seq).padStart(12, "0");

export async function saveRoom(kv: KeyValueStore, service: string, room: Room): Promise<void> {
  const record: StoredRoom = {
    config: room.config,
    affiliations: [...room.affiliations],
    subject: room.subject,
    salt: room.salt,
    seq: room.seq,
  };
  await kv.set(ROOMS_STORE, service, room.name, JSON.stringify(record));
}

export async function deleteRoom(kv: KeyValueStore, service: string, room: Room): Promise<void> {
  await kv.set(ROOMS_STORE, service, room.name, undefined);
  await kv.clear(ARCHIVE_STORE, room.jid);
}

export async function saveArchived(
  kv: KeyValueStore,
  room: Room,
  item: ArchivedGroupchat,
): Promise<void> {
  const value = { id: item.id, stamp: item.stamp.toISOString(), xml: stanzaText(item.message) };
  await kv.set(ARCHIVE_STORE, room.jid, item.key, JSON.stringify(value));
}

export async function dropArchived(
  kv: KeyValueStore,
  room: Room,
  item: ArchivedGroupchat,
): Promise<void> {
  await kv.set(ARCHIVE_STORE, room.jid, item.key, undefined);
}

/** Every stored room of a service; records that fail to parse are reported through `onBad`. */
export async function loadRooms(
  kv: KeyValueStore,
  service: string,
  historyLength: number,
  onBad: (error: MucStoredRoomError) => void,
): Promise<Room[]> {
  const rooms: Room[] = [];
  for (const [name, value] of await kv.entries(ROOMS_STORE, service)) {
    try {
      const record = JSON.parse(value) as StoredRoom;
      if (typeof record.salt !== "string") throw new Error("no salt");
      const room = new Room(
        name,
        `${name}@${service}`,
        restoreConfig(record.config, historyLength),
        record.salt,
      );
      for (const [jid, a] of record.affiliations ?? [])
        if (isAffiliation(a)) room.setAffiliation(jid, a);
      if (record.subject && typeof record.subject.text === "string") room.subject = record.subject;
      room.seq = Number.isInteger(record.seq) ? record.seq : 0;
      for (const [key, raw] of await kv.entries(ARCHIVE_STORE, room.jid)) {
        const item = JSON.parse(raw) as { id: string; stamp: string; xml: string };
        room.archive.push({
          id: item.id,
          key,
          stamp: new Date(item.stamp),
          message: parseXmlFragment(item.xml),
        });
        room.seq = Math.max(room.seq, Number(key) + 1);
      }
      rooms.push(room);
    } catch (error) {
      onBad(
        new MucStoredRoomError(`stored room ${name}@${service}: ${String(error)}`, {
          cause: error,
        }),
      );
    }
  }
  return rooms;
}
