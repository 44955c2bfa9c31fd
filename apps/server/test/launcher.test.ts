// bin/parley-server, the installed command: a POSIX sh launcher that runs the CLI with the Node
// runtime flags the server is measured with.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { cleanEnv } from "./cli";

const run = promisify(execFile);
const launcher = new URL("../bin/parley-server", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "parley-launcher-"));
const probe = join(dir, "probe.mjs");
writeFileSync(
  probe,
  "console.log(JSON.stringify({ execArgv: process.execArgv, argv: process.argv.slice(2) }));\n",
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function launch(args: string[], env: Record<string, string | undefined>) {
  try {
    const { stdout, stderr } = await run(launcher, args, { env: cleanEnv(env) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("bin/parley-server", () => {
  it("runs the CLI with one V8 helper thread and passes the arguments through", async () => {
    const r = await launch(["start", "--config", "a b.toml"], { PARLEY_CLI: probe });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      execArgv: ["--v8-pool-size=1"],
      argv: ["start", "--config", "a b.toml"],
    });
  });

  it("takes another pool size from PARLEY_V8_POOL_SIZE", async () => {
    const r = await launch([], { PARLEY_CLI: probe, PARLEY_V8_POOL_SIZE: "4" });
    expect(JSON.parse(r.stdout).execArgv).toEqual(["--v8-pool-size=4"]);
  });

  it("adds the node flags of PARLEY_NODE_FLAGS", async () => {
    const r = await launch(["check"], {
      PARLEY_CLI: probe,
      PARLEY_NODE_FLAGS: "--no-warnings  --stack-size=2000",
    });
    expect(JSON.parse(r.stdout)).toEqual({
      execArgv: ["--v8-pool-size=1", "--no-warnings", "--stack-size=2000"],
      argv: ["check"],
    });
  });

  it.each(["two", "-1", "1.5"])(
    "refuses PARLEY_V8_POOL_SIZE=%j with exit code 2",
    async (value) => {
      const r = await launch(["--help"], { PARLEY_CLI: probe, PARLEY_V8_POOL_SIZE: value });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("PARLEY_V8_POOL_SIZE must be a whole number");
      expect(r.stdout).toBe("");
    },
  );

  it("starts the real command line", async () => {
    const r = await launch(["--help"], { PARLEY_CLI: inject("cliPath") });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: parley-server");
  });
});
