// Structured logging for the whole app: one pino root logger, scoped children per area.
// Never log a secret, token or raw credential: lib/log/redact.ts blanks them by name at any depth,
// while error codes (err.code) stay readable.
//
// Under test the level comes from the runner: vitest.config.ts and playwright.config.ts pass
// LOG_LEVEL=silent (vitest) or send the server's log to a file (Playwright) unless LOG_LEVEL is set,
// so a test run prints test results, not pino JSON. Tests that assert on log output build their own
// logger with createLogger(dest, level) and are not affected by the root level.
import pino, { type DestinationStream } from "pino";
import { env } from "@/lib/env";
import { redactSecrets } from "./redact";

export function loggerOptions(level: string): pino.LoggerOptions {
  return { level, base: { app: "roomlink" }, formatters: { log: redactSecrets } };
}

/** A logger with the app's options writing to `dest` (tests read what would reach the log). */
export function createLogger(dest?: DestinationStream, level = env.LOG_LEVEL): pino.Logger {
  return dest ? pino(loggerOptions(level), dest) : pino(loggerOptions(level));
}

export const log = createLogger();

export type Logger = typeof log;
