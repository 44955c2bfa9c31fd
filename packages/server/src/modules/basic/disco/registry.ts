// Where the disco module reads the server's features and identities. Modules declare them with
// ctx.addFeature/addIdentity into a registry the core owns (XmppServer.disco); ModuleContext has
// no getter, so the module picks the registry up from the `server-started` event's payload
// ({ server }). Until then (or under a core that does not pass it) it answers with what it
// declared itself.
import type { DiscoIdentity, ModuleContext } from "../../../module-api";

export interface DiscoSource {
  readonly features: ReadonlySet<string>;
  readonly identities: readonly DiscoIdentity[];
  /** Added by modules for the accounts' bare JIDs (ctx.addAccountFeature / addAccountIdentity). */
  readonly accountFeatures?: ReadonlySet<string>;
  readonly accountIdentities?: readonly DiscoIdentity[];
  /** Added by modules for the server's disco#items (ctx.addDiscoItem). */
  readonly items?: readonly { jid: string; name?: string; node?: string }[];
}

function isSource(value: unknown): value is DiscoSource {
  const v = value as Partial<DiscoSource> | undefined;
  return (
    typeof v === "object" && v !== null && v.features instanceof Set && Array.isArray(v.identities)
  );
}

/** Returns a getter of the current registry, `fallback` until the server has started. */
export function trackRegistry(ctx: ModuleContext, fallback: DiscoSource): () => DiscoSource {
  let registry: DiscoSource | undefined;
  ctx.on<{ server?: { disco?: unknown } }>("server-started", (event) => {
    if (isSource(event.server?.disco)) registry = event.server.disco;
    return undefined;
  });
  return () => registry ?? fallback;
}
