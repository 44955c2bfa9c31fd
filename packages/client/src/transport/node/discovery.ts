import { resolveSrv } from "node:dns/promises";
import { type SrvTarget, orderSrvTargets, serviceRefused } from "../srv-order";

// RFC 6120 §3.2.1 and XEP-0368 §3: look up _xmpps-client._tcp (direct TLS) and _xmpp-client._tcp
// (STARTTLS); with no records, fall back to the domain itself on 5222 (§3.2.2).

export async function discoverEndpoints(domain: string): Promise<SrvTarget[]> {
  const lookup = async (name: string, tls: SrvTarget["tls"]): Promise<SrvTarget[]> => {
    try {
      const records = await resolveSrv(`${name}.${domain}`);
      return records.map((r) => ({ ...r, tls }));
    } catch {
      return []; // NXDOMAIN, no records, no DNS: same as none
    }
  };
  const [direct, starttls] = await Promise.all([
    lookup("_xmpps-client._tcp", "direct"),
    lookup("_xmpp-client._tcp", "starttls"),
  ]);
  const usable = [direct, starttls].filter((list) => !serviceRefused(list)).flat();
  if (usable.length > 0) return orderSrvTargets(usable);
  if (serviceRefused(direct) && serviceRefused(starttls)) return [];
  return [{ name: domain, port: 5222, priority: 0, weight: 0, tls: "starttls" }];
}
