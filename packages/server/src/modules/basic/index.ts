// Built-in service modules: disco, version, time, vcard-temp, private storage, blocking, register.
import type { ModuleDefinition } from "../../module-api";

export const basicModules: readonly ModuleDefinition[] = [];
