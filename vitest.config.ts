import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["{lib,db,app,components,scripts}/**/*.test.{ts,tsx}"],
    exclude: ["node_modules", ".next", ".data", "e2e"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Quiet by default: the app's pino logger prints nothing under test unless LOG_LEVEL is set
    // (LOG_LEVEL=warn npx vitest run … to see it). Tests that check log output use their own logger.
    env: { NODE_ENV: "test", LOG_LEVEL: process.env.LOG_LEVEL || "silent" },
  },
});
