// Who may see a node's items and subscribe (XEP-0060 §4.5 access models; XEP-0163 §4 default
// "presence"). Returns the StanzaError to throw, or undefined when access is granted.
import type { StanzaError } from "@parley/stanza";
import type { RosterStore } from "@parley/storage";
import { pubsubError } from "./errors";
import type { PepNode } from "./store";

export async function accessDenied(
  roster: RosterStore,
  owner: string,
  node: PepNode,
  requester: string,
): Promise<StanzaError | undefined> {
  if (requester === owner) return undefined;
  const affiliation = node.affiliations[requester];
  // §4.1: an outcast may not see anything, whatever the model.
  if (affiliation === "outcast") return pubsubError("forbidden");
  switch (node.config.access_model) {
    case "open":
      return undefined;
    case "presence": {
      // §6.1.3.2: subscription from/both in the owner's roster.
      const item = await roster.getItem(owner, requester);
      if (item?.subscription === "from" || item?.subscription === "both") return undefined;
      if (affiliation === "member" || affiliation === "publisher") return undefined;
      return pubsubError("not-authorized", "presence-subscription-required");
    }
    case "roster": {
      // §6.1.3.3: the contact is in one of the allowed roster groups.
      const item = await roster.getItem(owner, requester);
      const allowed = node.config.roster_groups_allowed;
      if (item?.groups.some((g) => allowed.includes(g))) return undefined;
      if (affiliation === "member" || affiliation === "publisher") return undefined;
      return pubsubError("not-authorized", "not-in-roster-group");
    }
    case "whitelist":
      // §6.1.3.4: only affiliated entities.
      if (affiliation === "member" || affiliation === "publisher") return undefined;
      return pubsubError("not-allowed", "closed-node");
  }
}
