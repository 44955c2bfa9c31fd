// XEP-0045 §5: affiliations (long-lived, per bare JID) and roles (per visit), and who may change
// which (§5.1.2, §5.2.1 and the tables of §8 / §9 / §10).

export type Affiliation = "owner" | "admin" | "member" | "none" | "outcast";
export type Role = "moderator" | "participant" | "visitor" | "none";

export const AFFILIATIONS: readonly Affiliation[] = ["owner", "admin", "member", "none", "outcast"];
export const ROLES: readonly Role[] = ["moderator", "participant", "visitor", "none"];

export const isAffiliation = (v: string | undefined): v is Affiliation =>
  AFFILIATIONS.includes(v as Affiliation);
export const isRole = (v: string | undefined): v is Role => ROLES.includes(v as Role);

const RANK: Record<Affiliation, number> = { owner: 4, admin: 3, member: 2, none: 1, outcast: 0 };

export const rank = (a: Affiliation): number => RANK[a];

/** §5.1.2 default role on entering: admins and owners moderate; visitors in moderated rooms. */
export function defaultRole(affiliation: Affiliation, moderated: boolean): Role {
  if (affiliation === "owner" || affiliation === "admin") return "moderator";
  if (affiliation === "member") return "participant";
  return moderated ? "visitor" : "participant";
}

/**
 * May `actor` change `target`'s affiliation from `from` to `to`? (§9: admins handle members and
 * outcasts below admin; §10: owners handle everything, admins and owners included.)
 */
export function mayChangeAffiliation(
  actor: Affiliation,
  from: Affiliation,
  to: Affiliation,
): boolean {
  if (actor === "owner") return true;
  if (actor !== "admin") return false;
  return rank(from) < rank("admin") && rank(to) < rank("admin");
}

/**
 * May an occupant with `actorRole`/`actorAffiliation` change the role of one with
 * `targetAffiliation` to `to`? §8.2/§8.4: moderators kick and revoke voice, never of someone whose
 * affiliation is admin or owner; §9.7/§9.8: only admins and owners grant or revoke moderator.
 */
export function mayChangeRole(
  actorRole: Role,
  actorAffiliation: Affiliation,
  targetAffiliation: Affiliation,
  targetRole: Role,
  to: Role,
): boolean {
  if (actorRole !== "moderator") return false;
  if (rank(targetAffiliation) >= rank("admin")) return false;
  const moderatorChange = to === "moderator" || targetRole === "moderator";
  if (moderatorChange) return rank(actorAffiliation) >= rank("admin");
  return true;
}
