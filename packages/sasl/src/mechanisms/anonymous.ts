// ANONYMOUS (RFC 4505, XEP-0175): one client message carrying optional trace information.
import { fromUtf8, utf8 } from "../bytes.js";
import { SaslError } from "../errors.js";
import { guardServerMechanism } from "../server-guard.js";
import type { ClientMechanism, ServerMechanism } from "../types.js";

/** RFC 4505 §3: trace is at most 255 characters. */
const MAX_TRACE_CHARS = 255;

export function createAnonymousClient(options: { trace?: string | undefined }): ClientMechanism {
  const trace = options.trace;
  if (trace !== undefined && [...trace].length > MAX_TRACE_CHARS) {
    throw new SaslError("malformed-request", "ANONYMOUS trace longer than 255 characters");
  }
  return {
    name: "ANONYMOUS",
    // XEP-0175 §3: most clients send no initial response at all.
    async start() {
      return trace ? utf8(trace) : null;
    },
    async challenge() {
      throw new SaslError("malformed-request", "ANONYMOUS expects no challenge");
    },
    async success() {},
  };
}

export function createAnonymousServer(anonymousUsername: () => string): ServerMechanism {
  return guardServerMechanism("ANONYMOUS", async (data) => {
    // A missing initial response counts as an empty trace (XEP-0175 §3).
    const trace = data === null ? "" : fromUtf8(data);
    if ([...trace].length > MAX_TRACE_CHARS) {
      throw new SaslError("malformed-request", "trace longer than 255 characters");
    }
    if (/[\u0000-\u001f\u007f]/.test(trace)) {
      throw new SaslError("malformed-request", "control character in trace");
    }
    return { type: "success", data: null, authcid: anonymousUsername(), authzid: null };
  });
}
