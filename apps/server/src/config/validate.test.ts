import { readFile } from "node:fs/promises";
import { defaultLimits } from "@parley/server";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors";
import { parseConfigText } from "./load";
import { validateConfig } from "./validate";

const cwd = "/srv/run";
const fromToml = async (toml: string, env: Record<string, string> = {}) =>
  validateConfig({
    raw: await parseConfigText(toml, "/etc/parley/parley.toml"),
    file: "/etc/parley/parley.toml",
    env,
    cwd,
  });
const errorOf = async (fn: () => unknown): Promise<ConfigError> => {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("defaults", () => {
  it("serve localhost from ./data with every listener", () => {
    const c = validateConfig({ raw: {}, env: {}, cwd });
    expect(c).toMatchObject({
      domains: ["localhost"],
      dataDir: "/srv/run/data",
      listen: { bind: "127.0.0.1", c2s: 5222, tls: 5223, http: 5280 },
      tls: {
        cert: "/srv/run/data/tls/localhost.crt",
        key: "/srv/run/data/tls/localhost.key",
        selfSigned: true,
      },
      storage: { type: "sqlite", path: "/srv/run/data/parley.sqlite", cacheKb: 2048 },
      requireEncryption: true,
      registration: false,
      scramIterations: 10_000,
      limits: {
        maxStanzaBytes: 262_144,
        bytesPerSecond: 65_536,
        failedAuthAttempts: 3,
        offlineLimit: 500,
      },
      log: { level: "info" },
      modules: {},
      file: undefined,
    });
    expect(c.mechanisms).toContain("SCRAM-SHA-256-PLUS");
    expect(c.scramHashes).toEqual(["SHA-1", "SHA-256"]);
  });
});

describe("the config file", () => {
  it("sets every key, paths relative to the file's folder", async () => {
    const c = await fromToml(`
domains = ["Example.COM", "chat.example"]
data_dir = "state"
require_encryption = false
allow_plain_without_tls = true
registration = true
mechanisms = ["SCRAM-SHA-256", "PLAIN"]
scram_iterations = 4096
scram_hashes = ["SHA-256", "SHA-512"]
[listen]
bind = "::"
c2s_port = 0
tls_port = false
http_port = 8080
[tls]
cert = "certs/fullchain.pem"
key = "/etc/ssl/private/key.pem"
[storage]
path = "/var/lib/parley/db.sqlite"
[limits]
max_stanza_bytes = 10000
pre_auth_timeout_ms = 5000
bytes_per_second = 0
failed_auth_attempts = 5
failed_auth_delay_ms = 0
offline_limit = 10
[log]
level = "debug"
[modules.ping]
idle_ms = 30000
timeoutMs = 5000
[modules]
vcard = false
`);
    expect(c).toMatchObject({
      domains: ["example.com", "chat.example"],
      dataDir: "/etc/parley/state",
      listen: { bind: "::", c2s: 0, tls: false, http: 8080 },
      tls: {
        cert: "/etc/parley/certs/fullchain.pem",
        key: "/etc/ssl/private/key.pem",
        selfSigned: false,
      },
      storage: { path: "/var/lib/parley/db.sqlite" },
      requireEncryption: false,
      allowPlainWithoutTls: true,
      registration: true,
      mechanisms: ["SCRAM-SHA-256", "PLAIN"],
      scramHashes: ["SHA-256", "SHA-512"],
      scramIterations: 4096,
      limits: {
        maxStanzaBytes: 10000,
        preAuthTimeoutMs: 5000,
        bytesPerSecond: 0,
        failedAuthAttempts: 5,
        failedAuthDelayMs: 0,
        offlineLimit: 10,
      },
      log: { level: "debug" },
      modules: { ping: { idleMs: 30000, timeoutMs: 5000 }, vcard: false },
      file: "/etc/parley/parley.toml",
    });
  });

  it.each([
    ['domain = "x"', "domain", 'unknown key (did you mean "domains"?)'],
    ["c2s_port = 1", "c2s_port", 'unknown key (did you mean "listen.c2s_port"?)'],
    [
      "[limits]\nmax_stanza_size = 1",
      "limits.max_stanza_size",
      'unknown key (did you mean "limits.max_stanza_bytes"?)',
    ],
    ['[tsl]\ncert = "a"', "tsl", 'unknown key (did you mean "tls"?)'],
    ["frobnication = 1", "frobnication", "unknown key"],
    ["listen = 5", "listen", "expected a table ([listen])"],
    ["domains = []", "domains", "must not be empty"],
    ['domains = "example.com"', "domains", 'expected a list, got "example.com"'],
    ['domains = ["a b.example"]', "domains[0]", '"a b.example": Invalid domainpart'],
    ['domains = ["a.example", "A.example"]', "domains", "lists a domain twice"],
    ['registration = "yes"', "registration", 'expected true or false, got "yes"'],
    ["scram_iterations = 1000", "scram_iterations", "must be between 4096 and 10000000, got 1000"],
    ['scram_hashes = ["MD5"]', "scram_hashes[0]", 'expected one of "SHA-1"'],
    ["scram_hashes = []", "scram_hashes", "must not be empty"],
    ['mechanisms = ["DIGEST-MD5"]', "mechanisms[0]", 'expected one of "SCRAM-SHA-512-PLUS"'],
    ["[listen]\nc2s_port = 70000", "listen.c2s_port", "must be between 0 and 65535, got 70000"],
    ["[listen]\nc2s_port = 1.5", "listen.c2s_port", "expected an integer, got 1.5"],
    ["[listen]\nc2s_port = 5000\nhttp_port = 5000", "listen", "two listeners share a port"],
    ['[listen]\nbind = ""', "listen.bind", "must not be empty"],
    ['[tls]\ncert = "a.pem"', "tls.key", "tls.cert and tls.key go together"],
    ['[storage]\ntype = "postgres"', "storage.type", 'expected one of "sqlite", got "postgres"'],
    ["[storage]\ncache_kb = 16", "storage.cache_kb", "must be at least 64, got 16"],
    ['[log]\nlevel = "loud"', "log.level", "expected one of"],
    ["[modules]\nping = 3", "modules.ping", "expected a table, true or false"],
  ])("refuses %j naming %s", async (toml, key, message) => {
    const error = await errorOf(() => fromToml(toml));
    expect(error.key).toBe(key);
    expect(error.message).toContain(message);
    expect(error.exitCode).toBe(2);
  });

  it("reports TOML syntax errors with file, line and column", async () => {
    const error = await errorOf(() => fromToml('domains = ["a"]\nregistration = tru\n'));
    expect(error.key).toBe("/etc/parley/parley.toml:2:16");
  });
});

describe("environment overrides", () => {
  it("win over the file; paths in them start at the cwd", async () => {
    const c = await fromToml('domains = ["file.example"]\n[listen]\nc2s_port = 1\n', {
      PARLEY_DOMAIN: "a.example, b.example",
      PARLEY_DATA_DIR: "var",
      PARLEY_C2S_PORT: "15222",
      PARLEY_TLS_PORT: "off",
      PARLEY_HTTP_PORT: "0",
      PARLEY_BIND: "::1",
      PARLEY_REGISTRATION: "yes",
      PARLEY_REQUIRE_ENCRYPTION: "0",
      PARLEY_BYTES_PER_SECOND: "0",
      PARLEY_SCRAM_ITERATIONS: "5000",
      PARLEY_LOG_LEVEL: "warn",
      PARLEY_MECHANISMS: "SCRAM-SHA-1",
      PARLEY_STORAGE_CACHE_KB: "16384",
    });
    expect(c).toMatchObject({
      domains: ["a.example", "b.example"],
      dataDir: "/srv/run/var",
      listen: { bind: "::1", c2s: 15222, tls: false, http: 0 },
      registration: true,
      requireEncryption: false,
      limits: { bytesPerSecond: 0 },
      scramIterations: 5000,
      log: { level: "warn" },
      mechanisms: ["SCRAM-SHA-1"],
      storage: { cacheKb: 16_384 },
    });
  });

  it("ignore empty variables", () => {
    expect(validateConfig({ raw: {}, env: { PARLEY_DOMAIN: "" }, cwd }).domains).toEqual([
      "localhost",
    ]);
  });

  it.each([
    ["PARLEY_C2S_PORT", "http", "PARLEY_C2S_PORT", 'expected an integer, got "http"'],
    [
      "PARLEY_C2S_PORT",
      "99999",
      "PARLEY_C2S_PORT (listen.c2s_port)",
      "must be between 0 and 65535",
    ],
    ["PARLEY_REGISTRATION", "maybe", "PARLEY_REGISTRATION", 'expected true or false, got "maybe"'],
    ["PARLEY_LOG_LEVEL", "loud", "PARLEY_LOG_LEVEL (log.level)", "expected one of"],
    ["PARLEY_DOMAIN", " , ", "PARLEY_DOMAIN (domains)", "must not be empty"],
  ])("name the variable: %s=%j", (name, value, key, message) => {
    try {
      validateConfig({ raw: {}, env: { [name]: value }, cwd });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).key).toBe(key);
      expect((error as ConfigError).message).toContain(message);
    }
  });
});

describe("connection limits and login throttling", () => {
  const keys = [
    "connectionsPerIp",
    "preAuthConnections",
    "resourcesPerAccount",
    "authFailuresPerIp",
    "authFailureWindowMs",
    "authBanMs",
    "authFailuresPerAccount",
    "authAccountMaxDelayMs",
    "authTrackedEntries",
  ] as const;

  it("default to the server's defaults, as does the annotated example file", async () => {
    const pick = (limits: Record<string, number>) =>
      Object.fromEntries(keys.map((k) => [k, limits[k]]));
    const expected = pick({ ...defaultLimits });
    const c = validateConfig({ raw: {}, env: {}, cwd });
    expect(pick({ ...c.limits })).toEqual(expected);
    const example = await readFile(new URL("../../parley.example.toml", import.meta.url), "utf8");
    expect(pick({ ...(await fromToml(example)).limits })).toEqual(expected);
  });

  it("are read from [limits] and the environment; 0 turns a count off", async () => {
    const c = await fromToml(
      "[limits]\nconnections_per_ip = 0\nauth_failures_per_ip = 3\nauth_ban_ms = 5000\n",
      { PARLEY_PRE_AUTH_CONNECTIONS: "50", PARLEY_RESOURCES_PER_ACCOUNT: "2" },
    );
    expect(c.limits).toMatchObject({
      connectionsPerIp: 0,
      authFailuresPerIp: 3,
      authBanMs: 5000,
      preAuthConnections: 50,
      resourcesPerAccount: 2,
    });
  });

  it("refuse a ban shorter than a second", async () => {
    const error = await errorOf(() => fromToml("[limits]\nauth_ban_ms = 10\n"));
    expect(error.key).toBe("limits.auth_ban_ms");
  });
});
