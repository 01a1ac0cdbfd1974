import { defineConfig } from "@playwright/test";
import path from "node:path";

// The app under test runs as `next start` on a fresh embedded database with the embedded sandbox
// tenant, exactly what a newcomer gets from the Quick start (scripts/test.sh builds it first).
const PORT = Number(process.env.E2E_PORT ?? 3999);
const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4910);
const DATA_DIR = process.env.E2E_DATA_DIR ?? `.data/e2e-${Date.now()}`;
// The server's log (pino JSON at LOG_LEVEL, warn unless set) goes to this file, not into the test
// output; a failed test gets the lines written while it ran attached (e2e/fixtures.ts, serverLog).
// Next's own errors (stderr) still show in the output.
const SERVER_LOG = process.env.E2E_SERVER_LOG ?? path.resolve(".data/e2e-server.log");
process.env.E2E_SERVER_LOG = SERVER_LOG;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1440, height: 900 },
    // 24-hour time inputs, as our Dutch and British customers see them.
    locale: "en-GB",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--lang=en-GB",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `mkdir -p "${path.dirname(SERVER_LOG)}" && exec npx next start --port ${PORT} > "${SERVER_LOG}"`,
    url: `http://localhost:${PORT}/api/health`,
    timeout: 180_000,
    // E2E_REUSE=1 E2E_PORT=3000: run the specs against an already running `npm run dev` while working on them.
    reuseExistingServer: process.env.E2E_REUSE === "1",
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: "",
      DATA_DIR,
      PORT: String(PORT),
      APP_BASE_URL: `http://localhost:${PORT}`,
      SANDBOX: "embedded",
      SANDBOX_PORT: String(SANDBOX_PORT),
      DEMO_MODE: "true",
      LOG_LEVEL: process.env.LOG_LEVEL || "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
