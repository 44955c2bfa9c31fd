// users import through the real CLI: all or nothing, line numbers, existing accounts.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "./cli";

let tmp: ReturnType<typeof tempDir>;
let config: string;
const run = (args: string[]) => runCli(["--config", config, ...args], { cwd: tmp.dir });
const file = (name: string, text: string) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  tmp = tempDir();
  config = join(tmp.dir, "parley.toml");
  writeFileSync(config, 'domains = ["example.com"]\ndata_dir = "data"\n');
});
afterAll(() => tmp.remove());

describe("users import", () => {
  it("reports every bad line with its number and writes nothing", async () => {
    const bad = file(
      "bad.txt",
      [
        "# staff",
        "ann@example.com  first pass",
        "",
        "lonely@example.com",
        "ann@example.com again",
        "ben@other.example pw",
        "cat@example.com/res pw",
        "  # indented comment",
        "dan@example.com ok\r",
      ].join("\n"),
    );
    const r = await run(["users", "import", bad, "--iterations", "4096"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        `parley-server: ${bad}:4: expected "jid password"`,
        `${bad}:5: ann@example.com is already on line 2`,
        `${bad}:6: other.example is not a domain this server serves (example.com)`,
        `${bad}:7: an account is a bare JID, without /resource: cat@example.com/res`,
        "nothing was imported",
        "",
      ].join("\n"),
    );
    expect((await run(["users", "list"])).stdout).toBe("");
  });

  it("imports every account of a good file in one go", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `user${i}@example.com pass word ${i}`);
    const good = file("good.txt", `# generated\n${lines.join("\n")}\n\n`);
    const r = await run(["users", "import", good, "--iterations", "4096"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^imported 40 accounts \(0 replaced, 0 skipped\) in [\d.]+ s \(4096 iterations;/,
    );
    const list = (await run(["users", "list"])).stdout.trim().split("\n");
    expect(list).toHaveLength(40);
    expect(list[0]).toBe("user0@example.com");
  });

  it("refuses accounts that exist (exit 4) unless told to skip or replace them", async () => {
    const again = file("again.txt", "user1@example.com new\nfresh@example.com pw\n");
    const refused = await run(["users", "import", again, "--iterations", "4096"]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(`${again}:1: account already exists: user1@example.com`);
    expect((await run(["users", "list"])).stdout).not.toContain("fresh@");

    const skipped = await run([
      "users",
      "import",
      again,
      "--iterations",
      "4096",
      "--skip-existing",
    ]);
    expect(skipped.stdout).toMatch(/^imported 1 accounts \(0 replaced, 1 skipped\)/);
    const replaced = await run(["users", "import", again, "--iterations", "4096", "--replace"]);
    expect(replaced.stdout).toMatch(/^imported 2 accounts \(2 replaced, 0 skipped\)/);
  });

  it("refuses --skip-existing with --replace, a bad --iterations and a missing file (exit 2)", async () => {
    const f = file("one.txt", "x@example.com y\n");
    expect((await run(["users", "import", f, "--skip-existing", "--replace"])).code).toBe(2);
    const low = await run(["users", "import", f, "--iterations", "100"]);
    expect(low.code).toBe(2);
    expect(low.stderr).toContain("an integer from 4096 to 10000000");
    const missing = await run(["users", "import", join(tmp.dir, "nope.txt")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read");
  });
});
