// start: compose storage, TLS and the server core from the config, print where it listens, and
// stop cleanly on SIGTERM/SIGINT (streams get <system-shutdown/>, RFC 6120 §4.9.3.20; the store
// is flushed and closed). A second signal exits at once.
import { mkdir } from "node:fs/promises";
import { createConsoleLogger, createServer } from "@parley/server";
import type { AppConfig } from "../config/types";
import { CliError, ExitCode } from "../errors";
import { serverOptions } from "../server-options";
import { openStorage } from "../storage";
import { startMemorySettler } from "../memory-settle";
import { loadOrCreateTls } from "../tls/ensure";
import { limitYoungGeneration } from "../young-generation";
import { listenerLines } from "./listener-lines";

export interface RunningServer {
  /** Resolves with the exit code once the server has stopped. */
  stopped: Promise<number>;
}

export async function startServer(
  config: AppConfig,
  print: (line: string) => void,
): Promise<RunningServer> {
  const log = createConsoleLogger(config.log.level);
  limitYoungGeneration();
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 }).catch((error: Error) => {
    throw new CliError(
      `cannot create the data folder ${config.dataDir}: ${error.message}`,
      ExitCode.runtime,
    );
  });
  const tls = await loadOrCreateTls(config);
  if (tls.generated)
    log.info(`made a self-signed certificate (${tls.generated})`, { cert: config.tls.cert });
  const storage = await openStorage(config);
  const server = createServer(serverOptions(config, tls, storage, log));
  try {
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {}); // closes the listeners that did open, and the store
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "EADDRINUSE" || code === "EACCES"
        ? `cannot listen: ${(error as Error).message}`
        : (error as Error).message;
    throw new CliError(message, ExitCode.runtime, { cause: error });
  }
  for (const line of listenerLines(server.addresses)) print(line);
  print(`data: ${config.dataDir}`);
  // Start-up leaves its garbage in the heap; settle it once now, then after every burst.
  const settler = await startMemorySettler(log);
  await settler?.settle();

  let resolveStopped: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`${signal} again: exiting without waiting`);
      process.exit(ExitCode.runtime);
    }
    stopping = true;
    settler?.stop();
    log.info(`${signal}: stopping`);
    const finish = async () => {
      let code: number = ExitCode.ok;
      try {
        await server.stop();
      } catch (error) {
        log.error(`stopping the server failed: ${(error as Error).message}`);
        code = ExitCode.runtime;
      }
      try {
        await storage.close();
      } catch (error) {
        log.error(`closing the database failed: ${(error as Error).message}`);
        code = ExitCode.runtime;
      }
      log.info("stopped");
      resolveStopped(code);
    };
    void finish();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  return { stopped };
}
