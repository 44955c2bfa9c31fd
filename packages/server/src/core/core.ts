// What the parts of a running server share (streams, dispatcher, module contexts).
import type { SessionRegistry } from "@parley/router";
import type { EventBus } from "../events";
import type { Logger, NonzaHandler } from "../module-api";
import type { ResolvedOptions } from "../options";
import type { ClientSession } from "./session";
import type { IqRequests } from "./iq-requests";
import type { Metrics } from "./metrics";
import type { Services } from "./services";

export interface ServerCore {
  readonly options: ResolvedOptions;
  readonly events: EventBus;
  readonly log: Logger;
  readonly registry: SessionRegistry<ClientSession>;
  readonly requests: IqRequests;
  readonly metrics: Metrics;
  /** Handlers of top-level non-stanza elements by namespace (StreamControl.handleNonza). */
  readonly nonzas: Map<string, NonzaHandler>;
  /** Component domains and HTTP handlers added by modules. */
  readonly services: Services;
  /** Key of the fake SCRAM salts of unknown users (scram-secret.ts); set by start(). */
  readonly scramSecret: Uint8Array | undefined;
  isLocalHost(domain: string): boolean;
}
