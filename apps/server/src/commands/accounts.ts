// adduser, passwd, deluser, users list: one account at a time, on an open store.
import { deriveAllCredentials } from "@parley/sasl";
import { AccountExistsError, AccountNotFoundError, type Storage } from "@parley/storage";
import { parseAccountJid } from "../accounts/bare-jid";
import type { AppConfig } from "../config/types";
import { AccountExistsCliError, AccountNotFoundCliError, UsageError } from "../errors";

export async function addUser(
  storage: Storage,
  config: AppConfig,
  jidText: string,
  password: string,
): Promise<string> {
  const jid = parseAccountJid(jidText, config.domains);
  if (await storage.accounts.exists(jid)) throw new AccountExistsCliError(jid);
  const credentials = await deriveAllCredentials(password, {
    iterations: config.scramIterations,
    hashes: config.scramHashes,
  });
  try {
    await storage.accounts.create(jid, credentials);
  } catch (error) {
    // Someone else created it while the keys were being derived.
    if (error instanceof AccountExistsError) throw new AccountExistsCliError(jid);
    throw error;
  }
  return jid;
}

export async function changePassword(
  storage: Storage,
  config: AppConfig,
  jidText: string,
  password: string,
): Promise<string> {
  const jid = parseAccountJid(jidText, config.domains);
  if (!(await storage.accounts.exists(jid))) throw new AccountNotFoundCliError(jid);
  const credentials = await deriveAllCredentials(password, {
    iterations: config.scramIterations,
    hashes: config.scramHashes,
  });
  try {
    await storage.accounts.setCredentials(jid, credentials);
  } catch (error) {
    if (error instanceof AccountNotFoundError) throw new AccountNotFoundCliError(jid);
    throw error;
  }
  return jid;
}

export async function deleteUser(
  storage: Storage,
  config: AppConfig,
  jidText: string,
): Promise<string> {
  const jid = parseAccountJid(jidText, config.domains);
  if (!(await storage.accounts.delete(jid))) throw new AccountNotFoundCliError(jid);
  return jid;
}

export async function listUsers(
  storage: Storage,
  config: AppConfig,
  domain?: string,
): Promise<string[]> {
  if (domain !== undefined && !config.domains.includes(domain.toLowerCase())) {
    throw new UsageError(
      `${domain} is not a domain this server serves (${config.domains.join(", ")})`,
    );
  }
  return storage.accounts.list(domain?.toLowerCase());
}
