// The extension packages parley-server ships with, beside the core's built-in modules, and an
// early check of their config sections so a typo is a config error (exit 2), not a failed start.
import { PingConfigError, pingModule, readPingConfig } from "@parley/mod-ping";
import type { ModuleDefinition } from "@parley/server";
import type { AppConfig } from "./config/types";
import { ConfigError } from "./errors";

export const extraModules: readonly ModuleDefinition[] = [pingModule];

export function checkModuleSections(config: AppConfig): void {
  const ping = config.modules.ping;
  if (ping === false) return;
  try {
    readPingConfig(ping ?? {});
  } catch (error) {
    if (error instanceof PingConfigError) throw new ConfigError("modules.ping", error.message);
    throw error;
  }
}
