// XEP-0077 In-Band Registration, off unless the module config says `enabled: true`: account
// creation before authentication (§3.1, through the `unauthenticated-iq` event), and after
// authentication the registration state, password change (§3.3) and cancellation (§3.2).
import { AccountExistsError } from "@parley/storage";
import { NS, StanzaError, iqError, iqResult } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import type {
  ModuleContext,
  Session,
  StanzaEvent,
  StreamFeaturesEvent,
  UnauthenticatedIqEvent,
} from "../../../module-api";
import { defineModule } from "../../../module-api";
import { configNumber } from "../account";
import { credentialsFor } from "./credentials";
import { prepareUsername, registeredForm, registrationForm, requireCredentials } from "./fields";
import { changePassword, removeAccount } from "./account-changes";

export { ACCOUNT_REMOVED_EVENT, type AccountRemovedEvent } from "./account-changes";

const REGISTERED = "register:registered";

interface RegisterConfig {
  iterations: number;
  /** Offer registration on streams without TLS too (default false). */
  allowInsecure: boolean;
  /** Let users delete their account with <remove/> (default true). */
  allowRemove: boolean;
}

/** Replies without echoing the query: it holds a password (§3.3 asks for this). */
async function answer(iq: Element, work: () => Promise<Element | null>): Promise<Element> {
  try {
    return iqResult(iq, (await work()) ?? undefined);
  } catch (e) {
    if (!(e instanceof StanzaError)) throw e;
    return iqError(iq, e, { includeOriginal: false });
  }
}

async function register(
  ctx: ModuleContext,
  session: Session,
  query: Element,
  config: RegisterConfig,
): Promise<null> {
  if (query.getChild("remove", NS.REGISTER)) {
    // §3.2 table: cancelling before authentication, i.e. without an account.
    throw new StanzaError("unexpected-request");
  }
  // §3.1.1: a second account from the same stream MAY be refused.
  if (session.data.get(REGISTERED) === true) {
    throw new StanzaError("not-acceptable", { text: "one registration per stream" });
  }
  const { username, password } = requireCredentials(query);
  const jid = `${prepareUsername(username)}@${session.host}`;
  // Checked first so that a taken name costs no key derivation.
  if (await ctx.storage.accounts.exists(jid)) throw new StanzaError("conflict");
  const credentials = await credentialsFor(password, config.iterations, ctx.settings?.scramHashes);
  try {
    await ctx.storage.accounts.create(jid, credentials);
  } catch (e) {
    if (e instanceof AccountExistsError) throw new StanzaError("conflict");
    throw e;
  }
  session.data.set(REGISTERED, true);
  ctx.log.info("account registered in-band", { jid, remote: session.remoteAddress });
  return null;
}

export const registerModule = defineModule({
  name: "register",
  setup(ctx) {
    // On when the module config says so, else when the server's `registration` setting does
    // (the core also leaves the module out entirely while that setting is off).
    const enabled = ctx.config.enabled ?? ctx.settings?.registration ?? false;
    if (enabled !== true) return;
    const config: RegisterConfig = {
      iterations: configNumber(ctx.config, "iterations", ctx.settings?.scramIterations ?? 10_000),
      allowInsecure: ctx.config.allowInsecure === true,
      allowRemove: ctx.config.allowRemove !== false,
    };
    const offered = (session: Session) => session.secure || config.allowInsecure;
    ctx.addFeature(NS.REGISTER);

    // RFC 6120 §6 / XEP-0077 §4: the pre-auth stream feature.
    ctx.on<StreamFeaturesEvent>("stream-features", (event) => {
      if (event.stage === "pre-auth" && offered(event.session)) {
        event.features.push(xml("register", { xmlns: NS.REGISTER_FEATURE }));
      }
      return undefined;
    });

    ctx.on<UnauthenticatedIqEvent>("unauthenticated-iq", async ({ session, stanza }) => {
      const query = stanza.getChild("query", NS.REGISTER);
      const type = stanza.attr("type");
      if (!query || !offered(session) || (type !== "get" && type !== "set")) return undefined;
      if (stanza.elements().length !== 1) {
        return iqError(stanza, new StanzaError("bad-request"), { includeOriginal: false });
      }
      if (type === "get") return iqResult(stanza, registrationForm());
      return answer(stanza, () => register(ctx, session, query, config));
    });

    // After authentication: to the server, or (no `to`) to the account itself.
    for (const dest of ["host", "bare"] as const) {
      ctx.handleIq(
        "get",
        NS.REGISTER,
        "query",
        (event) => {
          if (dest === "bare" && !event.to.bareEquals(event.from)) {
            throw new StanzaError("service-unavailable");
          }
          return registeredForm(event.from.local);
        },
        { destination: dest },
      );
      // Raw handler: the reply must not echo the password (§3.3), which handleIq would do.
      ctx.on<StanzaEvent>(`iq-set/${dest}/${NS.REGISTER}:query`, async (event) => {
        const reply = await answer(event.stanza, async () => {
          if (dest === "bare" && !event.to.bareEquals(event.from)) {
            throw new StanzaError("service-unavailable");
          }
          const query = event.stanza.getChild("query", NS.REGISTER)!;
          if (query.getChild("remove", NS.REGISTER)) {
            if (!config.allowRemove) throw new StanzaError("not-allowed");
            // §3.2: <remove/> must be the only child.
            if (query.elements().length !== 1) throw new StanzaError("bad-request");
            await removeAccount(ctx, event.from.bare());
            return null;
          }
          if (!event.origin?.secure && !config.allowInsecure) {
            throw new StanzaError("not-authorized", { type: "modify" }); // §3.3 table
          }
          await changePassword(ctx, event, query, config.iterations);
          return null;
        });
        if (event.origin) event.origin.send(reply);
        else await ctx.route(reply);
        return true;
      });
    }
  },
});
