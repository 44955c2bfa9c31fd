// Built-in service modules: disco, version, time, vcard-temp, private storage, blocking, register
// (and the answer to registration attempts while it is off).
import type { ModuleDefinition } from "../../module-api";
import { blockingModule } from "./blocking";
import { discoModule } from "./disco";
import { privateStorageModule } from "./private-storage";
import { registerModule } from "./register";
import { registerClosedModule } from "./register/closed";
import { timeModule } from "./time";
import { vcardModule } from "./vcard";
import { versionModule } from "./version";

export { blockingModule } from "./blocking";
export { capsInput, capsVer, discoModule } from "./disco";
export { privateStorageModule } from "./private-storage";
export { ACCOUNT_REMOVED_EVENT, registerModule } from "./register";
export { registerClosedModule } from "./register/closed";
export { timeModule } from "./time";
export { vcardModule } from "./vcard";
export { versionModule } from "./version";

export const basicModules: readonly ModuleDefinition[] = [
  discoModule,
  versionModule,
  timeModule,
  vcardModule,
  privateStorageModule,
  blockingModule,
  registerModule,
  registerClosedModule,
];
