import { existsSync } from "fs";

/**
 * Headless Chromium for rendering figures and checking exported pages, driven through
 * playwright-core (which never downloads a browser of its own). The browser is Debian's
 * `chromium` package (installed by `scripts/setup-system.sh`), or any Chrome/Chromium named by the
 * environment variable `CHROMIUM_PATH`.
 */

/** Flags for a closed network: no background requests, no sandbox (root in containers). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--font-render-hinting=none",
];

const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/** Path of a usable Chromium, or undefined. */
export function findChromium(): string | undefined {
  const env = process.env.CHROMIUM_PATH;
  if (env && existsSync(env)) return env;
  return CANDIDATES.find((p) => existsSync(p));
}

/** Message shown when no browser is available. */
export const NO_CHROMIUM_MESSAGE =
  "No Chromium found for rendering figures to PNG/SVG. On Debian/Ubuntu run `sudo apt-get install chromium fonts-noto-cjk` " +
  "(or `npm run setup:system` as root); elsewhere set CHROMIUM_PATH to a Chrome or Chromium executable.";

// playwright-core's types are not re-exported to keep the public declarations small.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Browser = any;

/** Launch headless Chromium with the closed-network flags. Throws a clear error when none is installed. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM_MESSAGE);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { chromium } = require("playwright-core");
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
