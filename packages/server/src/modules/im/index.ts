// RFC 6121 instant messaging and presence modules (roster, presence, message delivery, offline),
// in dependency order.
import type { ModuleDefinition } from "../../module-api";
import { messageModule } from "./message/module";
import { offlineModule } from "./offline/module";
import { presenceModule } from "./presence/module";
import { rosterModule } from "./roster/module";

export const imModules: readonly ModuleDefinition[] = [
  rosterModule,
  offlineModule,
  presenceModule,
  messageModule,
];

export { AVAILABLE_EVENT, OFFLINE_STORE_EVENT } from "./events";
export type { AvailableEvent, OfflineStoreEvent } from "./events";
export { messageModule, messageTargets } from "./message/module";
export { availableSessions } from "./presence/session-state";
export { offlineModule, DEFAULT_OFFLINE_LIMIT } from "./offline/module";
export { presenceModule } from "./presence/module";
export { rosterModule } from "./roster/module";
