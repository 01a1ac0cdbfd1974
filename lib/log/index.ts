// Structured logging for the whole app: one pino root logger, scoped children per area.
// Never log a secret, token or raw credential: redact paths below catch the usual suspects.
import pino from "pino";
import { env } from "@/lib/env";

export const log = pino({
  level: env.NODE_ENV === "test" && env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL,
  base: { app: "roomlink" },
  redact: {
    paths: [
      "*.password", "*.clientSecret", "*.client_secret", "*.accessToken", "*.access_token",
      "*.refreshToken", "*.refresh_token", "*.token", "*.authorization", "*.Authorization",
      "*.clientState", "*.code", "*.code_verifier",
    ],
    censor: "[redacted]",
  },
});

export type Logger = typeof log;
