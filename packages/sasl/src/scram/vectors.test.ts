// RFC 5802 §5 (SCRAM-SHA-1) and RFC 7677 §3 (SCRAM-SHA-256) test vectors, both sides.
import { describe, expect, it } from "vitest";
import { text, utf8 } from "../../test/helpers.js";
import { decodeBase64 } from "../base64.js";
import { scramVariant } from "../names.js";
import type { ScramMechanismName } from "../types.js";
import { createScramClient } from "./client.js";
import { deriveScramCredentials } from "./credentials.js";
import { createScramServer } from "./server.js";

const vectors = [
  {
    rfc: "RFC 5802 §5",
    name: "SCRAM-SHA-1",
    clientNonce: "fyko+d2lbbFgONRv9qkxdawL",
    serverNonce: "3rfcNHYJY1ZVvWVs7j",
    salt: "QSXCR+Q6sek8bf92",
    clientFinal:
      "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
    serverFinal: "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=",
  },
  {
    rfc: "RFC 7677 §3",
    name: "SCRAM-SHA-256",
    clientNonce: "rOprNGfwEbeRWgbNEkqO",
    serverNonce: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
    salt: "W22ZaJ0SNY7soEsUEjb6gQ==",
    clientFinal:
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
  },
] as const;

describe.each(vectors)("$rfc $name", (v) => {
  const variant = scramVariant(v.name)!;
  const clientFirst = `n,,n=user,r=${v.clientNonce}`;
  const serverFirst = `r=${v.clientNonce}${v.serverNonce},s=${v.salt},i=4096`;

  it("client produces the RFC messages and accepts the server signature", async () => {
    const client = createScramClient(v.name as ScramMechanismName, variant, {
      username: "user",
      password: "pencil",
      nonce: v.clientNonce,
    });
    expect(text(await client.start())).toBe(clientFirst);
    expect(text(await client.challenge(utf8(serverFirst)))).toBe(v.clientFinal);
    await expect(client.success(utf8(v.serverFinal))).resolves.toBeUndefined();
  });

  it("server produces the RFC messages from stored credentials only", async () => {
    const creds = await deriveScramCredentials("pencil", variant.hash, {
      salt: decodeBase64(v.salt),
      iterations: 4096,
    });
    const server = createScramServer(
      v.name as ScramMechanismName,
      variant,
      {
        encrypted: true,
        lookupCredentials: async (u) =>
          u === "user" ? { [`SCRAM-${variant.hash}`]: creds } : undefined,
      },
      v.serverNonce,
    );
    const first = await server.step(utf8(clientFirst));
    expect(first.type).toBe("challenge");
    expect(text(first.type === "challenge" ? first.data : null)).toBe(serverFirst);
    const final = await server.step(utf8(v.clientFinal));
    expect(final).toMatchObject({ type: "success", authcid: "user", authzid: null });
    expect(text(final.type === "success" ? final.data : null)).toBe(v.serverFinal);
  });
});
