// The Prosody target (Debian package 0.12): its own config and data folder on loopback.
import { startProsody } from "../prosody";
import type { InteropTarget, TargetCapabilities } from "./target";

export const PROSODY_CAPABILITIES: TargetCapabilities = {
  // internal_hashed stores SCRAM-SHA-1 keys only; its -PLUS needs tls-unique, which TLS 1.3
  // does not define (RFC 9266 §1) and which our client never produces.
  scramHashes: ["SHA-1"],
  channelBindings: [],
};

const PLAIN_HOST = "plain.localhost";

// A second virtual host whose SASL offers PLAIN only (Prosody reads disable_sasl_mechanisms
// per host); with allow_unencrypted_plain_auth it is offered on a stream without TLS.
const PLAIN_ONLY_HOST = `
VirtualHost "${PLAIN_HOST}"
  disable_sasl_mechanisms = { "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "DIGEST-MD5" }
`;

export async function startProsodyTarget(): Promise<InteropTarget> {
  const prosody = await startProsody({ extraConfig: PLAIN_ONLY_HOST });
  return {
    name: "Prosody",
    domain: prosody.domain,
    host: "127.0.0.1",
    c2sPort: prosody.c2sPort,
    directTlsPort: prosody.directTlsPort,
    webSocketUrl: `ws://127.0.0.1:${prosody.httpPort}/xmpp-websocket`,
    certificatePem: prosody.certificatePem,
    capabilities: PROSODY_CAPABILITIES,
    async addUser(local, password) {
      prosody.register(local, password);
    },
    async plainOnly() {
      return {
        domain: PLAIN_HOST,
        port: prosody.c2sPort,
        async addUser(local, password) {
          prosody.register(local, password, PLAIN_HOST);
        },
      };
    },
    stop: () => prosody.stop(),
  };
}
