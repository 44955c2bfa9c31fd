// Addresses given on the command line (recipients, ping and disco targets).
import { Jid, JidError } from "@parley/jid";
import { UsageError } from "./errors";

/** Any valid JID (domain, bare or full), RFC 7622. */
export function targetJid(text: string, what: string): Jid {
  try {
    return Jid.parse(text);
  } catch (error) {
    if (error instanceof JidError)
      throw new UsageError(`${what}: not a valid JID: ${text} (${error.message})`);
    throw error;
  }
}
