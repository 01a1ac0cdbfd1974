import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/auth/security-headers";

const nextConfig: NextConfig = {
  // A second build beside the usual one (bench:faults builds into its own folder while tests use .next).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Server-only packages with native/wasm assets or worker threads: load them from node_modules.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pino",
    "postgres",
    "@azure/msal-node",
    "node-forge",
    "bcryptjs",
    "rate-limiter-flexible",
  ],
  poweredByHeader: false,
  devIndicators: false,
  typedRoutes: false,
  // Server-action arguments include client secrets: never echo them into the dev server's log.
  logging: { serverFunctions: false },
  // What the proxy does not see (static assets, webhooks) still gets the nonce-free headers; pages
  // get them (and the CSP) from proxy.ts.
  headers() {
    return Promise.resolve([
      { source: "/:path*", headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) },
    ]);
  },
};

export default nextConfig;
