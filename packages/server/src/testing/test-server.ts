// A real server for scenario tests: MemoryStorage, ephemeral loopback ports, a test certificate.
import { type MechanismName, deriveAllCredentials } from "@parley/sasl";
import { MemoryStorage, type Storage } from "@parley/storage";
import { createConsoleLogger, silentLogger } from "../logger";
import type { ModuleDefinition } from "../module-api";
import type { ServerOptions } from "../options";
import { type XmppServer, builtinModules, createServer } from "../server";
import { generateTestCertificate } from "./cert";
import { TestClient, type TestTransport } from "./test-client";

export interface TestServerOptions extends Partial<Omit<ServerOptions, "modules">> {
  /** Modules to run; default: the built-in ones. `[]` = the bare core. */
  modules?: readonly ModuleDefinition[];
  /** Per-module configuration (ServerOptions.modules). */
  moduleConfig?: ServerOptions["modules"];
}

export interface TestServer {
  readonly server: XmppServer;
  /** The first (default) domain: "localhost" unless overridden. */
  readonly domain: string;
  readonly ports: { c2s: number; c2sTls: number; http: number };
  readonly storage: Storage;
  /** Creates an account (SCRAM credentials at 4096 iterations); returns its bare JID. */
  addUser(local: string, password?: string): Promise<string>;
  /** A connected client (stream not opened yet), closed by stop(). */
  connect(
    transport?: TestTransport,
    options?: { domain?: string; timeoutMs?: number; localAddress?: string },
  ): Promise<TestClient>;
  /**
   * Creates the account when missing (password "password" unless given), connects and logs in
   * with a bound resource.
   */
  login(
    local: string,
    options?: {
      password?: string;
      resource?: string;
      transport?: TestTransport;
      localAddress?: string;
      mechanism?: MechanismName;
    },
  ): Promise<TestClient>;
  /** Closes every client made here, then stops the server (storage closed). */
  stop(): Promise<void>;
}

const ITERATIONS = 4096;

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { modules, moduleConfig, ...rest } = options;
  const domains = rest.domains ?? ["localhost"];
  const storage = rest.storage ?? new MemoryStorage();
  const level = process.env.PARLEY_TEST_LOG;
  const server = createServer({
    requireEncryption: false,
    tls: generateTestCertificate(domains[0]),
    scramIterations: ITERATIONS,
    // Tests exercise every mechanism; addUser derives keys for all three hashes.
    scramHashes: ["SHA-1", "SHA-256", "SHA-512"],
    logger: level ? createConsoleLogger(level as "debug") : silentLogger,
    ...rest,
    domains,
    storage,
    listeners: { c2s: 0, c2sTls: 0, http: 0, address: "127.0.0.1", ...rest.listeners },
    limits: { failedAuthDelayMs: 0, ...rest.limits },
    builtinModules: modules ?? builtinModules,
    modules: moduleConfig,
  });
  await server.start();
  const clients = new Set<TestClient>();
  const domain = domains[0]!;
  const a = server.addresses;
  const ports = { c2s: a.c2s?.port ?? 0, c2sTls: a.c2sTls?.port ?? 0, http: a.http?.port ?? 0 };

  const addUser = async (local: string, password = "password") => {
    const jid = `${local}@${domain}`;
    if (!(await storage.accounts.exists(jid))) {
      await storage.accounts.create(
        jid,
        await deriveAllCredentials(password, { iterations: ITERATIONS }),
      );
    }
    return jid;
  };

  const connect = async (
    transport: TestTransport = "tcp",
    o: { domain?: string; timeoutMs?: number; localAddress?: string } = {},
  ) => {
    const port = transport === "tcp" ? ports.c2s : transport === "tls" ? ports.c2sTls : ports.http;
    const client = await TestClient.connect({
      port,
      transport,
      domain: o.domain ?? domain,
      timeoutMs: o.timeoutMs,
      localAddress: o.localAddress,
    });
    clients.add(client);
    void client.closed.then(() => clients.delete(client));
    return client;
  };

  return {
    server,
    domain,
    ports,
    storage,
    addUser,
    connect,
    async login(local, o = {}) {
      await addUser(local, o.password);
      const client = await connect(o.transport, { localAddress: o.localAddress });
      await client.login(local, o.password ?? "password", {
        resource: o.resource,
        mechanism: o.mechanism,
      });
      return client;
    },
    async stop() {
      await Promise.all([...clients].map((c) => c.close()));
      await server.stop();
    },
  };
}
