// A slixmpp driver script other than slix_client.py (e.g. slix_mobile.py) as a peer: the same
// JSON-lines protocol and process handling as SlixClient, with the script's own events.
import { type SlixEvent, SlixClient } from "./slixmpp";

/** What the mobile driver reports besides slix_client.py's events. */
export interface MobileEvent extends Omit<SlixEvent, "event"> {
  event: SlixEvent["event"] | "carbon";
}

export type SlixDriver = SlixClient<MobileEvent>;

export const SlixDriver = {
  /** Starts `script` (next to the tests, e.g. "slix_mobile.py") with the Debian interpreter. */
  start: (script: string, name: string): Promise<SlixDriver> =>
    SlixClient.start<MobileEvent>(name, script),
};
