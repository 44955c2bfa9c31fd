// The Parley target: @parley/server's scenario harness with the built-in modules plus
// XEP-0198 (mod-smacks) and XEP-0199 (mod-ping), TLS with a self-signed certificate.
import { smacksModule } from "@parley/mod-smacks";
import { pingModule } from "@parley/mod-ping";
import { builtinModules } from "@parley/server";
import { type TestServer, generateTestCertificate, startTestServer } from "@parley/server/testing";
import type { InteropTarget, TargetCapabilities } from "./target";

/** Parley's defaults, plus SCRAM-SHA-512 configured (the default stores SHA-1 and SHA-256). */
export const PARLEY_CAPABILITIES: TargetCapabilities = {
  scramHashes: ["SHA-1", "SHA-256", "SHA-512"],
  channelBindings: ["tls-exporter", "tls-server-end-point"],
};

export async function startParleyTarget(
  capabilities: TargetCapabilities = PARLEY_CAPABILITIES,
): Promise<InteropTarget> {
  const domain = "localhost";
  const certificate = generateTestCertificate(domain);
  const scramHashes = capabilities.scramHashes;
  const servers: TestServer[] = [];
  const stopAll = async () => {
    const results = await Promise.allSettled(servers.splice(0).map((s) => s.stop()));
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  };
  const main = await startTestServer({
    domains: [domain],
    tls: certificate,
    scramHashes,
    requireEncryption: false,
    modules: [...builtinModules, smacksModule, pingModule],
  });
  servers.push(main);
  return {
    name: "Parley",
    domain,
    host: "127.0.0.1",
    c2sPort: main.ports.c2s,
    directTlsPort: main.ports.c2sTls,
    webSocketUrl: `ws://127.0.0.1:${main.ports.http}/xmpp-websocket`,
    certificatePem: certificate.cert,
    capabilities,
    async addUser(local, password) {
      await main.addUser(local, password);
    },
    async plainOnly() {
      // Another server: the mechanism list is per server, not per domain.
      const plain = await startTestServer({
        domains: [domain],
        tls: certificate,
        requireEncryption: false,
        mechanisms: ["PLAIN"],
        allowPlainWithoutTls: true,
      });
      servers.push(plain);
      return {
        domain,
        port: plain.ports.c2s,
        async addUser(local, password) {
          await plain.addUser(local, password);
        },
      };
    },
    stop: stopAll,
  };
}
