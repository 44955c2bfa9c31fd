// Resources per account (issue 12): past the limit, binding a new resource is answered with
// <resource-constraint/> (RFC 6120 §7.6.2.1). Binding a resource already in use replaces that
// session (§7.7.2.2, Parley's policy) and so never counts as one more.
import type { Jid } from "@parley/jid";
import type { SessionRegistry } from "@parley/router";
import { StanzaError } from "@parley/stanza";
import type { RefusalLog } from "./refusal-log";

export function resourceLimitError(
  registry: SessionRegistry<unknown>,
  full: Jid,
  max: number,
  refusals: RefusalLog,
): StanzaError | undefined {
  if (max <= 0 || registry.has(full)) return undefined;
  if (registry.of(full).length < max) return undefined;
  const account = full.bare().toString();
  refusals.record("limits.refused.resources-per-account", "resource bind refused", {
    account,
    limit: max,
  });
  return new StanzaError("resource-constraint", {
    text: `an account may bind at most ${max} resources at a time`,
    lang: "en",
  });
}
