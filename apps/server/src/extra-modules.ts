// The extension packages parley-server ships with, beside the core's built-in modules, and an
// early check of their config sections so a typo is a config error (exit 2), not a failed start.
import { carbonsModule } from "@parley/mod-carbons";
import { csiModule, readCsiConfig } from "@parley/mod-csi";
import { mamModule, readMamConfig } from "@parley/mod-mam";
import { pingModule, readPingConfig } from "@parley/mod-ping";
import { readSmacksConfig, smacksModule } from "@parley/mod-smacks";
import type { ModuleDefinition } from "@parley/server";
import type { AppConfig } from "./config/types";
import { ConfigError } from "./errors";

interface Extension {
  module: ModuleDefinition;
  /** Reads the module's `[modules.<name>]` section; throws on a bad value. */
  readConfig?: (section: Record<string, unknown>) => unknown;
}

/** Enabled by default; `[modules] <name> = false` turns one off. */
const extensions: readonly Extension[] = [
  { module: pingModule, readConfig: readPingConfig },
  // Mobile and multi-device (XEP-0198, XEP-0352).
  { module: smacksModule, readConfig: readSmacksConfig },
  { module: csiModule, readConfig: readCsiConfig },
  { module: carbonsModule }, // XEP-0280
  { module: mamModule, readConfig: readMamConfig }, // XEP-0313
];

export const extraModules: readonly ModuleDefinition[] = extensions.map((e) => e.module);

export function checkModuleSections(config: AppConfig): void {
  for (const { module, readConfig } of extensions) {
    const section = config.modules[module.name];
    if (section === false || !readConfig) continue;
    try {
      readConfig(section ?? {});
    } catch (error) {
      if (error instanceof Error) throw new ConfigError(`modules.${module.name}`, error.message);
      throw error;
    }
  }
}
