// SCRAM server side (RFC 5802 §5, RFC 7677; -PLUS with RFC 9266 / RFC 5929 channel bindings).
// Verifies against StoredKey/ServerKey only: the server never sees or keeps the password.
import { checkAuthzid } from "../authorize.js";
import { decodeBase64, encodeBase64 } from "../base64.js";
import { concatBytes, constantTimeEqual, fromUtf8, randomBytes, utf8, xorBytes } from "../bytes.js";
import { HASH_LENGTH, digest, hmac } from "../crypto.js";
import { SaslError } from "../errors.js";
import type { ScramVariant } from "../names.js";
import { prepareUsername } from "../prep.js";
import { guardServerMechanism } from "../server-guard.js";
import type {
  ScramCredentials,
  ScramMechanismName,
  ServerMechanism,
  ServerMechanismContext,
  ServerStep,
} from "../types.js";
import { AttributeReader, isValidNonce, parseAttributes } from "./attributes.js";
import { fakeCredentials } from "./fake.js";
import { type Gs2Header, isSupportedBindingType, parseGs2Header } from "./gs2.js";
import { decodeSaslname } from "./saslname.js";

interface FirstExchange {
  header: Gs2Header;
  clientFirstBare: string;
  serverFirst: string;
  nonce: string;
  authcid: string;
  credentials: ScramCredentials;
  known: boolean;
  bindingData: Uint8Array;
}

/** `testNonce` fixes the server nonce part; only the RFC test-vector tests use it. */
export function createScramServer(
  name: ScramMechanismName,
  variant: ScramVariant,
  ctx: ServerMechanismContext,
  testNonce?: string,
): ServerMechanism {
  let first: FirstExchange | undefined;
  return guardServerMechanism(name, async (data): Promise<ServerStep> => {
    // No initial response: ask for it with an empty challenge (RFC 4422 §5 / RFC 6120 §6.4.2).
    if (data === null) {
      if (first) throw new SaslError("malformed-request", "missing client-final-message");
      return { type: "challenge", data: new Uint8Array(0) };
    }
    if (!first) {
      first = await readClientFirst(variant, ctx, fromUtf8(data), testNonce);
      return { type: "challenge", data: utf8(first.serverFirst) };
    }
    return readClientFinal(variant, ctx, first, fromUtf8(data));
  });
}

async function readClientFirst(
  variant: ScramVariant,
  ctx: ServerMechanismContext,
  text: string,
  testNonce: string | undefined,
): Promise<FirstExchange> {
  const { header, bare } = parseGs2Header(text);
  const bindingData = checkChannelBindingFlag(variant, ctx, header);
  const reader = new AttributeReader(parseAttributes(bare));
  reader.refuseMandatoryExtension();
  const username = decodeSaslname(reader.expect("n"));
  const clientNonce = reader.expect("r");
  if (!isValidNonce(clientNonce)) throw new SaslError("malformed-request", "bad client nonce");
  reader.rest(); // RFC 5802 §5.1: extensions we do not know are ignored (but m= fails).

  const authcid = prepareUsername(username);
  const stored = (await ctx.lookupCredentials(authcid))?.[variant.credentialsKey];
  const credentials = stored ?? (await fakeCredentials(variant.hash, authcid, ctx.fakeCredentials));
  const nonce = clientNonce + (testNonce ?? encodeBase64(randomBytes(18)));
  const serverFirst = `r=${nonce},s=${encodeBase64(credentials.salt)},i=${credentials.iterations}`;
  return {
    header,
    clientFirstBare: bare,
    serverFirst,
    nonce,
    authcid,
    credentials,
    known: stored !== undefined,
    bindingData,
  };
}

/** RFC 5802 §6 channel-binding negotiation; returns the binding data the client must send. */
function checkChannelBindingFlag(
  variant: ScramVariant,
  ctx: ServerMechanismContext,
  header: Gs2Header,
): Uint8Array {
  const { cbind } = header;
  if (variant.plus) {
    if (cbind.flag !== "p") {
      throw new SaslError("malformed-request", "a -PLUS mechanism needs channel binding");
    }
    const data = isSupportedBindingType(cbind.type) ? ctx.channelBindings?.[cbind.type] : undefined;
    if (!data) throw new SaslError("not-authorized", "unsupported channel-binding type");
    return data;
  }
  if (cbind.flag === "p") {
    throw new SaslError("malformed-request", "channel binding requested with a non-PLUS mechanism");
  }
  // "y": the client can bind but believes we cannot. We can, so someone removed the -PLUS
  // mechanisms from our offer: a downgrade attack (RFC 5802 §6).
  if (cbind.flag === "y" && Object.values(ctx.channelBindings ?? {}).some((d) => d !== undefined)) {
    throw new SaslError("not-authorized", "channel-binding downgrade detected");
  }
  return new Uint8Array(0);
}

async function readClientFinal(
  variant: ScramVariant,
  ctx: ServerMechanismContext,
  first: FirstExchange,
  text: string,
): Promise<ServerStep> {
  const reader = new AttributeReader(parseAttributes(text));
  const cbindText = reader.expect("c");
  const nonce = reader.expect("r");
  const extensionsAndProof = reader.rest();
  const proofAttr = extensionsAndProof.pop();
  if (proofAttr?.name !== "p") throw new SaslError("malformed-request", "proof must come last");
  const withoutProof = text.slice(0, text.length - proofAttr.value.length - 3);

  const expectedBinding = concatBytes(utf8(first.header.raw), first.bindingData);
  if (!constantTimeEqual(decodeBase64(cbindText), expectedBinding)) {
    throw new SaslError("not-authorized", "channel bindings do not match");
  }
  if (!constantTimeEqual(utf8(nonce), utf8(first.nonce))) {
    throw new SaslError("not-authorized", "nonce does not match");
  }
  const proof = decodeBase64(proofAttr.value);
  if (proof.length !== HASH_LENGTH[variant.hash]) {
    throw new SaslError("malformed-request", "proof has the wrong length");
  }

  const { storedKey, serverKey } = first.credentials;
  const authMessage = utf8(`${first.clientFirstBare},${first.serverFirst},${withoutProof}`);
  const clientSignature = await hmac(variant.hash, storedKey, authMessage);
  const clientKey = xorBytes(proof, clientSignature);
  const matches = constantTimeEqual(await digest(variant.hash, clientKey), storedKey);
  if (!matches || !first.known) throw new SaslError("not-authorized");

  await checkAuthzid(ctx, first.authcid, first.header.authzid);
  const serverSignature = await hmac(variant.hash, serverKey, authMessage);
  return {
    type: "success",
    data: utf8(`v=${encodeBase64(serverSignature)}`),
    authcid: first.authcid,
    authzid: first.header.authzid,
  };
}
