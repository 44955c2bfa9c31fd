// The extension packages parley-server ships with, beside the core's built-in modules, and an
// early check of their config sections so a typo is a config error (exit 2), not a failed start.
import { join } from "node:path";
import { carbonsModule } from "@parley/mod-carbons";
import { csiModule, readCsiConfig } from "@parley/mod-csi";
import { extdiscoModule, readExtdiscoConfig } from "@parley/mod-extdisco";
import { httpUploadModule, readUploadConfig } from "@parley/mod-http-upload";
import { mamModule, readMamConfig } from "@parley/mod-mam";
import { bookmarksModule } from "@parley/mod-bookmarks";
import { mucModule, readMucConfig } from "@parley/mod-muc";
import { pepModule, readPepConfig } from "@parley/mod-pep";
import { pingModule, readPingConfig } from "@parley/mod-ping";
import { pushModule, readPushConfig } from "@parley/mod-push";
import { readSmacksConfig, smacksModule } from "@parley/mod-smacks";
import type { ModuleDefinition } from "@parley/server";
import type { AppConfig } from "./config/types";
import { ConfigError } from "./errors";

type Section = Record<string, unknown>;

interface Extension {
  module: ModuleDefinition;
  /** Reads the module's `[modules.<name>]` section; throws on a bad value. */
  readConfig?: (section: Section, config: AppConfig) => unknown;
  /** Defaults that depend on the app's config (data folder, …), under what the file sets. */
  defaults?: (config: AppConfig) => Section;
}

/** Enabled by default; `[modules] <name> = false` turns one off. */
const extensions: readonly Extension[] = [
  { module: pingModule, readConfig: readPingConfig }, // XEP-0199
  // Mobile and multi-device: XEP-0198, XEP-0352, XEP-0280, XEP-0313.
  { module: smacksModule, readConfig: readSmacksConfig },
  { module: csiModule, readConfig: readCsiConfig },
  { module: carbonsModule },
  { module: mamModule, readConfig: readMamConfig },
  // Group chat at conference.<domain> (XEP-0045).
  { module: mucModule, readConfig: readMucConfig },
  // PEP (XEP-0163: OMEMO keys, avatars, nicknames) and bookmarks (XEP-0402 with 0048 bridge).
  { module: pepModule, readConfig: readPepConfig },
  { module: bookmarksModule },
  // HTTP File Upload at upload.<domain> (XEP-0363), files in the data folder.
  {
    module: httpUploadModule,
    defaults: (config) => ({ path: join(config.dataDir, "upload") }),
    readConfig: (section, config) => readUploadConfig(section, config.domains[0]!),
  },
  { module: pushModule, readConfig: readPushConfig }, // XEP-0357
  { module: extdiscoModule, readConfig: readExtdiscoConfig }, // XEP-0215, XEP-0156
];

export const extraModules: readonly ModuleDefinition[] = extensions.map((e) => e.module);

/** Module sections as the server gets them: app-derived defaults under the file's values. */
export function moduleSections(config: AppConfig): AppConfig["modules"] {
  const out: Record<string, Section | false> = { ...config.modules };
  for (const { module, defaults } of extensions) {
    const section = out[module.name];
    if (section === false || !defaults) continue;
    out[module.name] = { ...defaults(config), ...(section ?? {}) };
  }
  return out;
}

export function checkModuleSections(config: AppConfig): void {
  const sections = moduleSections(config);
  for (const { module, readConfig } of extensions) {
    const section = sections[module.name];
    if (section === false || !readConfig) continue;
    try {
      readConfig(section ?? {}, config);
    } catch (error) {
      if (error instanceof Error) throw new ConfigError(`modules.${module.name}`, error.message);
      throw error;
    }
  }
}
