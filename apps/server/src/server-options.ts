// AppConfig -> the options of @parley/server's createServer: the one place the two meet.
import type { Logger, ServerOptions } from "@parley/server";
import type { Storage } from "@parley/storage";
import type { AppConfig } from "./config/types";
import { extraModules, moduleSections } from "./extra-modules";

export function serverOptions(
  config: AppConfig,
  tls: { key: string; cert: string },
  storage: Storage,
  logger: Logger,
): ServerOptions {
  const port = (p: number | false) => (p === false ? undefined : p);
  return {
    domains: config.domains,
    listeners: {
      c2s: port(config.listen.c2s),
      c2sTls: port(config.listen.tls),
      http: port(config.listen.http),
      address: config.listen.bind,
    },
    tls,
    storage,
    requireEncryption: config.requireEncryption,
    allowPlainWithoutTls: config.allowPlainWithoutTls,
    mechanisms: config.mechanisms,
    registration: config.registration,
    limits: { ...config.limits },
    scramIterations: config.scramIterations,
    scramHashes: config.scramHashes,
    modules: moduleSections(config),
    extraModules,
    logger,
  };
}
