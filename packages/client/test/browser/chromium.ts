// Headless Debian Chromium driven by playwright-core, which never downloads a browser of its own.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's `chromium` package; CHROMIUM_BIN overrides it. */
export const chromiumPath = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Chromium> {
  if (!existsSync(chromiumPath)) {
    // Deliberately a failure, not a skip: the browser proof must run everywhere the suite runs.
    throw new Error(
      `Chromium not found at ${chromiumPath}: run .ci/install-peers (installs the Debian package "chromium")`,
    );
  }
  // A fresh profile per run; playwright-core takes it as userDataDir, not as a flag.
  const profile = mkdtempSync(join(tmpdir(), "parley-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      timeout: 30_000,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
