// The admin commands, spawned as a person runs them: output, stderr and exit codes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "./cli";

let tmp: ReturnType<typeof tempDir>;
let config: string;
const run = (args: string[], stdin?: string) =>
  runCli(["--config", config, ...args], { cwd: tmp.dir, stdin });

beforeAll(() => {
  tmp = tempDir();
  config = join(tmp.dir, "parley.toml");
  writeFileSync(
    config,
    'domains = ["example.com", "chat.example"]\ndata_dir = "data"\nscram_iterations = 4096\n',
  );
});
afterAll(() => tmp.remove());

describe("adduser", () => {
  it("creates an account from --password", async () => {
    const r = await run(["adduser", "Alice@Example.com", "--password", "wonderland"]);
    expect(r).toMatchObject({ code: 0, stdout: "created alice@example.com\n", stderr: "" });
  });

  it("reads the password as one line of piped stdin", async () => {
    const r = await run(["adduser", "bob@chat.example"], "builder pass\nignored second line\n");
    expect(r).toMatchObject({ code: 0, stdout: "created bob@chat.example\n" });
  });

  it("says so, with exit 4, when the account exists", async () => {
    const r = await run(["adduser", "alice@example.com", "-p", "other"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe("parley-server: account already exists: alice@example.com\n");
  });

  it.each([
    [
      "alice@elsewhere.example",
      "elsewhere.example is not a domain this server serves (example.com, chat.example)",
    ],
    ["alice@example.com/phone", "an account is a bare JID, without /resource"],
    ["example.com", "an account JID needs a local part"],
    ["a b@example.com", "not a valid JID"],
  ])("refuses %s with exit 2", async (jid, message) => {
    const r = await run(["adduser", jid, "-p", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("refuses an empty or unusable password", async () => {
    expect(await run(["adduser", "carol@example.com"], "\n")).toMatchObject({
      code: 2,
      stderr: "parley-server: the password is empty\n",
    });
    const control = await run(["adduser", "carol@example.com", "-p", "bad\u0007bell"]);
    expect(control.code).toBe(2);
    expect(control.stderr).toContain("unusable password");
  });

  it("is a usage error (exit 2) without a JID", async () => {
    const r = await run(["adduser"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument 'jid'");
  });
});

describe("passwd", () => {
  it("changes the password of an account", async () => {
    const r = await run(["passwd", "alice@example.com"], "looking glass\n");
    expect(r).toMatchObject({ code: 0, stdout: "password changed for alice@example.com\n" });
  });

  it("exits 3 for an unknown account", async () => {
    const r = await run(["passwd", "nobody@example.com", "-p", "x"]);
    expect(r).toMatchObject({
      code: 3,
      stderr: "parley-server: no such account: nobody@example.com\n",
    });
  });
});

describe("users list", () => {
  it("prints every account, sorted, or those of one domain", async () => {
    expect(await run(["users", "list"])).toMatchObject({
      code: 0,
      stdout: "alice@example.com\nbob@chat.example\n",
    });
    expect((await run(["users", "list", "--domain", "chat.example"])).stdout).toBe(
      "bob@chat.example\n",
    );
  });

  it("refuses a domain the server does not serve", async () => {
    const r = await run(["users", "list", "-d", "nowhere.example"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nowhere.example is not a domain this server serves");
  });

  it("prints nothing (and creates no database) before the first account", async () => {
    const other = tempDir();
    try {
      const r = await runCli(["users", "list"], { cwd: other.dir });
      expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
      const d = await runCli(["deluser", "x@localhost"], { cwd: other.dir });
      expect(d).toMatchObject({ code: 3, stderr: "parley-server: no such account: x@localhost\n" });
      expect((await runCli(["users", "list"], { cwd: other.dir })).stdout).toBe("");
    } finally {
      other.remove();
    }
  });
});

describe("deluser", () => {
  it("deletes an account, then says it is gone", async () => {
    await run(["adduser", "dave@example.com", "-p", "x"]);
    expect(await run(["deluser", "dave@example.com"])).toMatchObject({
      code: 0,
      stdout: "deleted dave@example.com\n",
    });
    expect((await run(["deluser", "dave@example.com"])).code).toBe(3);
    expect((await run(["users", "list"])).stdout).not.toContain("dave");
  });
});

describe("usage", () => {
  it("exits 2 for an unknown command or option, 0 for --help", async () => {
    const unknown = await run(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect((await run(["users", "list", "--bogus"])).code).toBe(2);
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("adduser [options] <jid>");
  });

  it("prints help and exits 2 with no command at all", async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: parley-server");
  });

  it("exits 2 naming the key of a bad config file", async () => {
    const bad = join(tmp.dir, "bad.toml");
    writeFileSync(bad, 'domains = ["example.com"]\n[listen]\nc2s_prot = 5222\n');
    const r = await runCli(["--config", bad, "users", "list"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'parley-server: config: listen.c2s_prot: unknown key (did you mean "listen.c2s_port"?)\n',
    );
  });

  it("exits 2 when the config file is missing", async () => {
    const r = await runCli(["--config", join(tmp.dir, "missing.toml"), "check"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot read the config file (ENOENT)");
  });
});
