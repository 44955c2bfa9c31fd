// RFC 6121 instant messaging and presence modules (roster, presence, message delivery, offline).
import type { ModuleDefinition } from "../../module-api";

export const imModules: readonly ModuleDefinition[] = [];
