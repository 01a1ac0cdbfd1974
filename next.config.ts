import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native/wasm assets or worker threads: load them from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "postgres", "@azure/msal-node", "node-forge", "bcryptjs"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
