// The module's section of the server config: `modules: { extdisco: { services, websocket_url,
// bosh_url } }`. Each service becomes a XEP-0215 <service/>.
import { ExtdiscoConfigError } from "./errors";

export interface ExternalService {
  /** XEP-0215 §3 'type': stun, turn, turns, ftp, … */
  type: string;
  host: string;
  port: number | undefined;
  /** "udp" or "tcp". */
  transport: string | undefined;
  name: string | undefined;
  /** Static credentials. */
  username: string | undefined;
  password: string | undefined;
  /** TURN REST shared secret: time-limited credentials per request (secret.ts). */
  secret: string | undefined;
  /** Lifetime of TURN REST credentials, in seconds. */
  ttl: number;
  /** Expiry of static credentials (XEP-0082 DateTime). */
  expires: string | undefined;
  /** Credentials only through <credentials/> (XEP-0215 §3.2), not in <services/>. */
  restricted: boolean;
}

export interface ExtdiscoConfig {
  services: ExternalService[];
  /** XEP-0156 WebSocket endpoint; undefined = `ws(s)://<host>:<http port>/xmpp-websocket`. */
  websocketUrl: string | undefined;
  /** XEP-0156 BOSH endpoint, listed only when set. */
  boshUrl: string | undefined;
}

export const DEFAULT_TTL = 86_400;

type Raw = Readonly<Record<string, unknown>>;

function fail(message: string): never {
  throw new ExtdiscoConfigError(`modules.extdisco.${message}`);
}

function optString(raw: Raw, key: string, where: string): string | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || v === "") fail(`${where}${key} must be a non-empty string`);
  return v;
}

function readService(raw: unknown, i: number): ExternalService {
  const where = `services[${i}].`;
  if (typeof raw !== "object" || raw === null) fail(`services[${i}] must be an object`);
  const r = raw as Raw;
  const type = optString(r, "type", where);
  const host = optString(r, "host", where);
  if (!type || !/^[a-z0-9.+-]+$/i.test(type)) fail(`${where}type is required (stun, turn, …)`);
  if (!host) fail(`${where}host is required`);
  const port = r.port;
  if (
    port !== undefined &&
    (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535)
  ) {
    fail(`${where}port must be 1-65535`);
  }
  const transport = optString(r, "transport", where);
  if (transport !== undefined && transport !== "udp" && transport !== "tcp") {
    fail(`${where}transport must be "udp" or "tcp"`);
  }
  const ttl = r.ttl ?? DEFAULT_TTL;
  if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl <= 0) fail(`${where}ttl must be > 0`);
  const secret = optString(r, "secret", where);
  const username = optString(r, "username", where);
  const password = optString(r, "password", where);
  if (secret !== undefined && (username !== undefined || password !== undefined)) {
    fail(`${where}secret and username/password exclude each other`);
  }
  const expires = optString(r, "expires", where);
  if (expires !== undefined && Number.isNaN(Date.parse(expires)))
    fail(`${where}expires is not a date`);
  if (r.restricted !== undefined && typeof r.restricted !== "boolean") {
    fail(`${where}restricted must be true or false`);
  }
  return {
    type: type.toLowerCase(),
    host,
    port: port as number | undefined,
    transport,
    name: optString(r, "name", where),
    username,
    password,
    secret,
    ttl,
    expires,
    restricted: r.restricted === true,
  };
}

function readUrl(raw: Raw, key: string, schemes: string[]): string | undefined {
  const v = optString(raw, key, "");
  if (v === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    fail(`${key} is not a URL: ${v}`);
  }
  if (!schemes.includes(url.protocol)) fail(`${key} must be a ${schemes.join(" or ")} URL`);
  return v;
}

export function readExtdiscoConfig(config: Raw): ExtdiscoConfig {
  const services = config.services ?? [];
  if (!Array.isArray(services)) fail("services must be a list");
  return {
    services: services.map(readService),
    websocketUrl: readUrl(config, "websocket_url", ["ws:", "wss:"]),
    boshUrl: readUrl(config, "bosh_url", ["http:", "https:"]),
  };
}
