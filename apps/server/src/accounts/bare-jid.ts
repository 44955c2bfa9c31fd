// Account addresses given on the command line: bare JIDs (RFC 7622 §3) of a served domain.
import { Jid, JidError } from "@parley/jid";
import { UsageError } from "../errors";

/** The prepared bare JID, or UsageError saying what is wrong with `input`. */
export function parseAccountJid(input: string, domains: readonly string[]): string {
  let jid: Jid;
  try {
    jid = Jid.parse(input.trim());
  } catch (error) {
    if (error instanceof JidError)
      throw new UsageError(`not a valid JID: ${JSON.stringify(input)}: ${error.message}`);
    throw error;
  }
  if (jid.resource !== "")
    throw new UsageError(`an account is a bare JID, without /resource: ${input}`);
  if (jid.local === "")
    throw new UsageError(`an account JID needs a local part (user@domain): ${input}`);
  if (!domains.includes(jid.domain)) {
    throw new UsageError(
      `${jid.domain} is not a domain this server serves (${domains.join(", ")})`,
    );
  }
  return jid.toString();
}
