// Public API of @parley/mod-muc.
export {
  DEFAULT_ARCHIVE_SIZE,
  DEFAULT_HISTORY_LENGTH,
  type MucConfig,
  readMucConfig,
} from "./config";
export { MucConfigError, MucStoredRoomError } from "./errors";
export { mucModule } from "./muc";
export { ARCHIVE_STORE, ROOMS_STORE } from "./store";
export type { Affiliation, Role } from "./roles";
export type { RoomConfig } from "./room-config";
