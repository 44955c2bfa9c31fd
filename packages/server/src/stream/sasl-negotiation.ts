// SASL on the stream (RFC 6120 §6.4): <auth/>, <challenge/>/<response/>, <success/> or
// <failure/>, with the mechanisms of @parley/sasl. Bytes and mechanisms live in @parley/sasl;
// this file only wraps them in XML.
import {
  type SaslCondition,
  SaslError,
  type ServerMechanism,
  type ServerMechanismContext,
  type ServerStep,
  createServerMechanism,
  decodeSaslPayload,
  encodeSaslPayload,
  serverMechanismNames,
} from "@parley/sasl";
import { NS } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";

export type SaslOutcome =
  | { kind: "challenge"; reply: Element }
  | { kind: "success"; reply: Element; authcid: string }
  | {
      kind: "failure";
      reply: Element;
      condition: SaslCondition;
      counts: boolean;
      /** The account the exchange tried, once the mechanism looked it up (login throttle). */
      username?: string;
    };

export class SaslNegotiation {
  private mechanism: ServerMechanism | undefined;
  /** The current exchange has sent a challenge (for SCRAM: the password is checked after it). */
  private challenged = false;
  /** The (prepared) username the current exchange looked up, if it got that far. */
  private username: string | undefined;
  private readonly ctx: ServerMechanismContext;

  constructor(
    ctx: ServerMechanismContext,
    private readonly allowed: readonly string[],
  ) {
    this.ctx = {
      ...ctx,
      lookupCredentials: (username) => {
        this.username = username;
        return ctx.lookupCredentials(username);
      },
    };
  }

  /** Mechanisms to offer (§6.4.1): what @parley/sasl allows here, filtered by configuration. */
  offered(): string[] {
    return serverMechanismNames(this.ctx).filter((n) => this.allowed.includes(n));
  }

  get inProgress(): boolean {
    return this.mechanism !== undefined;
  }

  /** <auth mechanism='…'>initial response</auth> (§6.4.2). */
  async auth(el: Element): Promise<SaslOutcome> {
    const name = el.attr("mechanism") ?? "";
    this.mechanism = undefined;
    if (!this.offered().includes(name)) {
      // §6.4.5 / §6.5.4: PLAIN refused only for lack of TLS is encryption-required.
      const plainNeedsTls =
        name === "PLAIN" && !this.ctx.encrypted && this.allowed.includes("PLAIN");
      return failure(plainNeedsTls ? "encryption-required" : "invalid-mechanism");
    }
    const mechanism = createServerMechanism(name, this.ctx);
    this.mechanism = mechanism;
    this.challenged = false;
    this.username = undefined;
    return this.step(el);
  }

  /** <response/> (§6.4.3). */
  async response(el: Element): Promise<SaslOutcome> {
    if (!this.mechanism) return failure("malformed-request", "no exchange in progress");
    return this.step(el);
  }

  /** <abort/> (§6.4.4). */
  abort(): SaslOutcome {
    this.mechanism = undefined;
    return { ...failure("aborted"), counts: false };
  }

  private async step(el: Element): Promise<SaslOutcome> {
    const name = this.mechanism!.name;
    let data: Uint8Array | null;
    try {
      data = decodeSaslPayload(el.text().trim());
    } catch (e) {
      this.mechanism = undefined;
      if (e instanceof SaslError) return failure(e.condition, e.text);
      throw e;
    }
    const step: ServerStep = await this.mechanism!.step(data);
    if (step.type === "challenge") {
      this.challenged = true;
      return {
        kind: "challenge",
        // An empty challenge is an empty element; "=" is only for an empty initial response.
        reply: xml(
          "challenge",
          { xmlns: NS.SASL },
          step.data.length ? encodeSaslPayload(step.data) : "",
        ),
      };
    }
    this.mechanism = undefined;
    if (step.type === "failure") {
      const outcome = failure(step.condition, step.text);
      outcome.username = this.username;
      // A SCRAM exchange refused at its first message (an unsupported channel-binding type, a
      // "y" flag that betrays a downgrade: RFC 5802 §6) checked no password, so it is not a guess
      // for the failed-auth throttle: a client may go on to its next mechanism, as RFC 6120 §6.4.5
      // allows. slixmpp 1.8, forced to plain SCRAM, sends "y" and moves on.
      if (!this.challenged && name.startsWith("SCRAM-")) {
        outcome.counts = false;
      }
      return outcome;
    }
    // §6.4.6: additional data with success (SCRAM's server signature).
    const reply = xml("success", { xmlns: NS.SASL }, encodeSaslPayload(step.data));
    return { kind: "success", reply, authcid: step.authcid };
  }
}

export function failure(
  condition: SaslCondition,
  text?: string,
): Extract<SaslOutcome, { kind: "failure" }> {
  const reply = xml(
    "failure",
    { xmlns: NS.SASL },
    xml(condition),
    text ? xml("text", { "xml:lang": "en" }, text) : null,
  );
  return { kind: "failure", reply, condition, counts: true };
}
