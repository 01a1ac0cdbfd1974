import { defineConfig } from "@playwright/test";

// The app under test runs as `next start` on a fresh embedded database with the embedded sandbox
// tenant, exactly what a newcomer gets from the Quick start (scripts/test.sh builds it first).
const PORT = Number(process.env.E2E_PORT ?? 3999);
const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4910);
const DATA_DIR = process.env.E2E_DATA_DIR ?? `.data/e2e-${Date.now()}`;

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
      args: ["--lang=en-GB", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: `npx next start --port ${PORT}`,
    url: `http://localhost:${PORT}/api/health`,
    timeout: 180_000,
    // E2E_REUSE=1 E2E_PORT=3000: run the specs against an already running `npm run dev` while working on them.
    reuseExistingServer: process.env.E2E_REUSE === "1",
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATABASE_URL: "",
      DATA_DIR,
      PORT: String(PORT),
      APP_BASE_URL: `http://localhost:${PORT}`,
      SANDBOX: "embedded",
      SANDBOX_PORT: String(SANDBOX_PORT),
      DEMO_MODE: "true",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
