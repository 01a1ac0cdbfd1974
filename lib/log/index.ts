// Structured logging for the whole app: one pino root logger, scoped children per area.
// Never log a secret, token or raw credential: lib/log/redact.ts blanks them by name at any depth,
// while error codes (err.code) stay readable.
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

export const log = createLogger(undefined, env.NODE_ENV === "test" && env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL);

export type Logger = typeof log;
