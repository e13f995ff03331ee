import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// The config is evaluated again in each worker: carry the chosen port through the environment.
const port = Number((process.env.E2E_PORT ??= String(3100 + Math.floor(Math.random() * 800))));
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 720 },
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium where it exists; otherwise Playwright's own browser, if one was installed.
      ...(chromium ? { executablePath: chromium } : {}),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 720 } } }],
  webServer: {
    command: `npm run build && npx next start -H 127.0.0.1 -p ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      PGLITE_DIR: "memory://",
      PLAYGROUND_NOW: "2026-12-01T10:30:00",
      CLUB_TIMEZONE: "Europe/Amsterdam",
      ALLOW_RESET: "1",
      SIM_LATENCY: "off",
      SESSION_SECRET: "e2e-secret-that-is-long-enough",
      // The suites start many runs quickly from one browser; limits are tested in tests/security.
      RATE_LIMIT_MEMBER_PER_MIN: "0",
      RATE_LIMIT_ADDRESS_PER_MIN: "0",
      RATE_LIMIT_IDENTITY_PER_MIN: "0",
    },
  },
});
