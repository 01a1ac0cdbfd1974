import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native/wasm assets or worker threads: load them from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "postgres", "@azure/msal-node", "node-forge", "bcryptjs"],
  poweredByHeader: false,
  devIndicators: false,
  typedRoutes: false,
  // Server-action arguments include client secrets: never echo them into the dev server's log.
  logging: { serverFunctions: false },
};

export default nextConfig;
