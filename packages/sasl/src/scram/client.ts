// SCRAM client side (RFC 5802 §5, RFC 7677; -PLUS with RFC 9266 / RFC 5929 channel bindings).
import { decodeBase64, encodeBase64 } from "../base64.js";
import { concatBytes, constantTimeEqual, fromUtf8, randomBytes, utf8, xorBytes } from "../bytes.js";
import { hmac } from "../crypto.js";
import { type SaslCondition, SaslError } from "../errors.js";
import type { ScramVariant } from "../names.js";
import { preparePassword, prepareUsername } from "../prep.js";
import type { ChannelBindingType, ClientMechanism, ScramMechanismName } from "../types.js";
import {
  AttributeReader,
  isValidNonce,
  parseAttributes,
  parseIterationCount,
} from "./attributes.js";
import { MIN_ITERATIONS, scramKeys } from "./credentials.js";
import { type CbindFlag, buildGs2Header } from "./gs2.js";
import { encodeSaslname } from "./saslname.js";

/** Default ceiling on the server's iteration count: more would let a server stall the client. */
export const DEFAULT_MAX_ITERATIONS = 1_000_000;

export interface ScramClientOptions {
  username: string;
  password: string;
  authzid?: string | undefined;
  channelBinding?: { type: ChannelBindingType; data: Uint8Array } | undefined;
  /** Whether the server offered a -PLUS mechanism (decides between flags "y" and "n"). */
  serverSupportsChannelBinding?: boolean | undefined;
  /** Refuse fewer iterations than this (default 4096, RFC 7677 §4). */
  minIterations?: number | undefined;
  maxIterations?: number | undefined;
  /** Fixed client nonce: only for the RFC test vectors. */
  nonce?: string | undefined;
}

export function createScramClient(
  name: ScramMechanismName,
  variant: ScramVariant,
  options: ScramClientOptions,
): ClientMechanism {
  const username = prepareUsername(options.username, "malformed-request");
  const password = preparePassword(options.password, "malformed-request");
  const binding = options.channelBinding;
  if (variant.plus && !binding) {
    throw new SaslError("invalid-mechanism", `${name} needs channel-binding data`);
  }
  const cbind: CbindFlag = variant.plus
    ? { flag: "p", type: binding!.type }
    : binding && !options.serverSupportsChannelBinding
      ? { flag: "y" }
      : { flag: "n" };
  const gs2Header = buildGs2Header(cbind, options.authzid);
  const clientNonce = options.nonce ?? encodeBase64(randomBytes(18));
  const clientFirstBare = `n=${encodeSaslname(username)},r=${clientNonce}`;
  let state: "initial" | "first-sent" | "final-sent" | "verified" = "initial";
  let expectedServerSignature: Uint8Array | undefined;

  const verifyServerFinal = (data: Uint8Array) => {
    if (state !== "final-sent" && state !== "verified") {
      throw new SaslError("malformed-request", "server-final-message out of order");
    }
    const [head] = parseAttributes(fromUtf8(data));
    if (head?.name === "e") throw serverError(head.value);
    if (head?.name !== "v") throw new SaslError("malformed-request", "expected v= or e=");
    if (!constantTimeEqual(decodeBase64(head.value), expectedServerSignature!)) {
      throw new SaslError("not-authorized", "server signature does not match: not the real server");
    }
    state = "verified";
  };

  return {
    name,
    async start() {
      if (state !== "initial") throw new SaslError("malformed-request", "already started");
      state = "first-sent";
      return utf8(gs2Header + clientFirstBare);
    },
    async challenge(data) {
      if (state === "final-sent") {
        // Some servers send server-final-message as a challenge and an empty <success/>.
        verifyServerFinal(data);
        return new Uint8Array(0);
      }
      if (state !== "first-sent") throw new SaslError("malformed-request", "unexpected challenge");
      const serverFirst = fromUtf8(data);
      const attributes = parseAttributes(serverFirst);
      if (attributes[0]?.name === "e") throw serverError(attributes[0].value);
      const reader = new AttributeReader(attributes);
      reader.refuseMandatoryExtension();
      const nonce = reader.expect("r");
      const salt = decodeBase64(reader.expect("s"));
      const iterations = parseIterationCount(reader.expect("i"));
      reader.rest(); // RFC 5802 §5.1: other extensions are ignored, m= fails.
      if (
        !nonce.startsWith(clientNonce) ||
        nonce.length === clientNonce.length ||
        !isValidNonce(nonce)
      ) {
        throw new SaslError("not-authorized", "server nonce does not extend the client nonce");
      }
      if (salt.length === 0) throw new SaslError("malformed-request", "empty salt");
      if (iterations < (options.minIterations ?? MIN_ITERATIONS)) {
        throw new SaslError("mechanism-too-weak", `iteration count ${iterations} is too low`);
      }
      if (iterations > (options.maxIterations ?? DEFAULT_MAX_ITERATIONS)) {
        throw new SaslError("malformed-request", `iteration count ${iterations} is too high`);
      }
      const bindingInput = concatBytes(
        utf8(gs2Header),
        variant.plus ? binding!.data : new Uint8Array(0),
      );
      const withoutProof = `c=${encodeBase64(bindingInput)},r=${nonce}`;
      const authMessage = utf8(`${clientFirstBare},${serverFirst},${withoutProof}`);
      const keys = await scramKeys(variant.hash, password, salt, iterations);
      const clientSignature = await hmac(variant.hash, keys.storedKey, authMessage);
      const proof = xorBytes(keys.clientKey, clientSignature);
      expectedServerSignature = await hmac(variant.hash, keys.serverKey, authMessage);
      state = "final-sent";
      return utf8(`${withoutProof},p=${encodeBase64(proof)}`);
    },
    async success(data) {
      if (data !== null && data.length > 0) verifyServerFinal(data);
      if (state !== "verified") {
        throw new SaslError("not-authorized", "server did not prove it knows the credentials");
      }
    },
  };
}

/** RFC 5802 §7 server-error-value, reported as the closest RFC 6120 §6.5 condition. */
function serverError(value: string): SaslError {
  const map = new Map<string, SaslCondition>([
    ["invalid-encoding", "incorrect-encoding"],
    ["extensions-not-supported", "malformed-request"],
    ["invalid-username-encoding", "malformed-request"],
  ]);
  return new SaslError(map.get(value) ?? "not-authorized", `server error: ${value}`);
}
