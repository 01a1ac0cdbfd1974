// `npm run sandbox`: the sandbox tenant standalone (demo seed, state in DATA_DIR/sandbox). The first
// stdout line is one JSON object with everything a script needs to connect; logs go to stderr.
import path from "node:path";
import { env } from "@/lib/env";
import pino from "pino";
import type { Logger } from "@/lib/log";
import { startSandbox } from "@/lib/sandbox/server";

// stdout belongs to the JSON line: this process logs to stderr (fd 2), same redaction as lib/log.
const log: Logger = pino(
  {
    level: env.LOG_LEVEL,
    base: { app: "roomlink" },
    redact: {
      paths: [
        "*.password",
        "*.clientSecret",
        "*.client_secret",
        "*.accessToken",
        "*.access_token",
        "*.refreshToken",
        "*.refresh_token",
        "*.token",
        "*.authorization",
        "*.code",
        "*.code_verifier",
      ],
      censor: "[redacted]",
    },
  },
  pino.destination(2),
);

async function main() {
  const stateDir = env.SANDBOX_STATE_DIR ?? path.join(env.DATA_DIR, "sandbox");
  const redirectUris = (env.SANDBOX_REDIRECT_URIS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const sb = await startSandbox({
    port: env.SANDBOX_PORT,
    stateDir,
    seed: "demo",
    timeScale: env.SANDBOX_TIME_SCALE,
    redirectUris,
    log: log.child({ area: "sandbox" }),
  });
  const upns = (kind: "user" | "room") =>
    sb.directory
      .users()
      .filter((u) => u.kind === kind)
      .map((u) => u.userPrincipalName);
  // The secret is printed (this is its purpose) but never logged.
  process.stdout.write(
    `${JSON.stringify({
      authority: sb.authority,
      graphBaseUrl: sb.graphBaseUrl,
      caFile: sb.caFile,
      tenantId: sb.tenantId,
      clientId: sb.clientId,
      clientSecret: sb.clientSecret,
      rooms: upns("room"),
      users: upns("user"),
    })}\n`,
  );
  log.info({ origin: sb.origin, authority: sb.authority, stateDir }, "sandbox ready: open the origin in a browser");
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "sandbox stopping");
    sb.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "sandbox stop failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  log.fatal({ err }, "sandbox failed to start");
  process.exit(1);
});
