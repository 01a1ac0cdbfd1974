import { it, expect } from "vitest";
import { parseEnv, EnvError } from "@/lib/env";
it("defaults to the embedded database and embedded sandbox in development", () => {
  const e = parseEnv({});
  expect(e.databaseKind).toBe("embedded");
  expect(e.sandboxEmbedded).toBe(true);
  expect(e.demoMode).toBe(true);
  expect(e.baseUrl).toBe("http://localhost:3000");
});
it("names the bad setting in its startup error", () => {
  expect(() => parseEnv({ PORT: "eighty" })).toThrow(EnvError);
  expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
});
it("requires AUTH_SECRET in production with a server database and leaves demo mode off", () => {
  expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://x@h/db" })).toThrow(/AUTH_SECRET/);
  const e = parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://x@h/db", AUTH_SECRET: "x".repeat(40) });
  expect(e.demoMode).toBe(false);
  expect(e.sandboxEmbedded).toBe(false);
});

it("does not ask for run-time secrets while next build runs", () => {
  const e = parseEnv({
    NODE_ENV: "production",
    DATABASE_URL: "postgres://x@h/db",
    NEXT_PHASE: "phase-production-build",
  });
  expect(e.databaseKind).toBe("server");
});
