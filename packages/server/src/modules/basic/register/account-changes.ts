// XEP-0077 §3.2 cancellation and §3.3 password change of an authenticated account.
import type { Jid } from "@parley/jid";
import { StanzaError, StreamError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import type { ModuleContext, StanzaEvent } from "../../../module-api";
import { credentialsFor } from "./credentials";
import { field, prepareUsername } from "./fields";

/** Fired after an account was deleted in-band, so that modules drop what they cache for it. */
export const ACCOUNT_REMOVED_EVENT = "account-removed";
export interface AccountRemovedEvent {
  readonly jid: string;
}

/**
 * Deletes the account (and, by the storage contract, everything it owns). Its sessions are
 * closed with a <not-authorized/> stream error (§3.2 item 1) once the result is on its way.
 */
export async function removeAccount(ctx: ModuleContext, account: Jid): Promise<void> {
  const jid = account.toString();
  if (!(await ctx.storage.accounts.delete(jid))) throw new StanzaError("registration-required");
  await ctx.fire<AccountRemovedEvent>(ACCOUNT_REMOVED_EVENT, { jid });
  ctx.log.info("account removed in-band", { jid });
  ctx.setTimeout(() => {
    for (const s of ctx.sessionsOf(jid)) s.close(new StreamError("not-authorized"));
  }, 0);
}

/** §3.3: <username/> names the account itself; an empty password keeps the old one. */
export async function changePassword(
  ctx: ModuleContext,
  event: StanzaEvent,
  query: Element,
  iterations: number,
): Promise<void> {
  const username = field(query, "username");
  const password = field(query, "password");
  if (!username || !password) {
    throw new StanzaError("bad-request", { text: "username and password are required" });
  }
  if (prepareUsername(username) !== event.from.local) {
    throw new StanzaError("not-allowed", { text: "only the account's own password" });
  }
  const jid = event.from.bare().toString();
  await ctx.storage.accounts.setCredentials(
    jid,
    await credentialsFor(password, iterations, ctx.settings?.scramHashes),
  );
  ctx.log.info("password changed in-band", { jid });
}
