// check through the real CLI: config errors exit 2, certificate problems exit 5.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateSelfSigned } from "../src/tls/self-signed";
import { runCli, tempDir } from "./cli";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

const write = (name: string, text: string) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
};
const withCert = (
  domains: string[],
  certDomains: string[],
  options: { days?: number; otherKey?: boolean } = {},
) => {
  const pair = generateSelfSigned({ domains: certDomains, days: options.days ?? 90 });
  write("cert.pem", pair.cert);
  write("key.pem", options.otherKey ? generateSelfSigned({ domains: certDomains }).key : pair.key);
  return write(
    "parley.toml",
    `domains = ${JSON.stringify(domains)}\n[tls]\ncert = "cert.pem"\nkey = "key.pem"\n`,
  );
};

describe("check", () => {
  it("passes on defaults before the first start, and says the certificate comes later", async () => {
    const r = await runCli(["check"], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("config: no file, embedded defaults: valid\ndomains: localhost\n");
    expect(r.stdout).toContain("tls: no certificate yet: a self-signed one is made on first start");
  });

  it("passes with a good certificate and prints what it names", async () => {
    const config = withCert(["example.com"], ["example.com"]);
    const r = await runCli(["--config", config, "check"], { cwd: tmp.dir });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(
      /tls: CN=example.com; DNS:example.com, DNS:localhost, .*\(in (89|90) days\)/,
    );
  });

  it("exits 5 naming a domain the certificate does not cover", async () => {
    const config = withCert(["example.com", "chat.example.org"], ["example.com"]);
    const r = await runCli(["--config", config, "check"], { cwd: tmp.dir });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(
      "parley-server: check: the certificate does not cover the domain chat.example.org",
    );
  });

  it("exits 5 when the key does not match", async () => {
    const config = withCert(["example.com"], ["example.com"], { otherKey: true });
    const r = await runCli(["--config", config, "check"], { cwd: tmp.dir });
    expect(r).toMatchObject({
      code: 5,
      stderr: "parley-server: check: the private key does not match the certificate\n",
    });
  });

  it("warns (exit 0) about a certificate that expires within two weeks", async () => {
    const config = withCert(["example.com"], ["example.com"], { days: 5 });
    const r = await runCli(["--config", config, "check"], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: the certificate expires in [45] days/);
  });

  it("exits 2 when a configured certificate file is missing", async () => {
    const config = write("parley.toml", '[tls]\ncert = "nope.pem"\nkey = "nope.key"\n');
    const r = await runCli(["--config", config, "check"], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^parley-server: config: tls.cert: cannot read .*nope.pem \(ENOENT\)\n$/,
    );
  });

  it("exits 2 naming a bad module section", async () => {
    const config = write("parley.toml", "[modules.ping]\nidle_ms = -5\n");
    const r = await runCli(["--config", config, "check"], { cwd: tmp.dir });
    expect(r).toMatchObject({
      code: 2,
      stderr:
        "parley-server: config: modules.ping: modules.ping.idleMs must be a number >= 0, got -5\n",
    });
  });

  it("checks the sections of the bundled extension modules (stream management)", async () => {
    const config = write("parley.toml", "[modules.smacks]\nresume_timeout_ms = 0\n");
    const r = await runCli(["--config", config, "check"], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^parley-server: config: modules\.smacks: .*resumeTimeoutMs/);
  });

  it("takes the config file from PARLEY_CONFIG and overrides from the environment", async () => {
    mkdirSync(join(tmp.dir, "etc"));
    write("etc/parley.toml", 'domains = ["file.example"]\ndata_dir = "../state"\n');
    const r = await runCli(["check"], {
      cwd: tmp.dir,
      env: { PARLEY_CONFIG: "etc/parley.toml", PARLEY_DOMAIN: "env.example" },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`domains: env.example\ndata: ${join(tmp.dir, "state")}\n`);
    const bad = await runCli(["check"], { cwd: tmp.dir, env: { PARLEY_HTTP_PORT: "eighty" } });
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'parley-server: config: PARLEY_HTTP_PORT: expected an integer, got "eighty"\n',
    });
  });
});
