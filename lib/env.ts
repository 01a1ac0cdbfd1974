// The one place that reads process.env: every setting, validated with zod, with defaults for the
// zero-setup demo. Anything else in the app imports `env` from here.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** Postgres server URL. Unset: the embedded PGlite database under DATA_DIR. */
    DATABASE_URL: z.string().url().optional(),
    /** Where the embedded database, generated keys, the sandbox CA and its state live. */
    DATA_DIR: z.string().default(".data"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Public base URL of Roomlink as browsers and Azure see it (behind a proxy: the proxy's URL). */
    APP_BASE_URL: z.string().url().optional(),
    /** Port of the lean webhook listener (Graph's POSTs only), in the app and in each worker. Unset (default): off; the Next routes on PORT serve the webhooks. */
    WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** Public base URL Graph posts notifications to (subscriptions' notificationUrl). Default: APP_BASE_URL. */
    WEBHOOK_BASE_URL: z.string().url().optional(),
    /** next-auth session signing secret. Unset outside production: generated into DATA_DIR. */
    AUTH_SECRET: z.string().min(32).optional(),
    /** 32-byte key (base64) sealing client secrets and token caches. Unset: generated key file. */
    ROOMLINK_SEAL_KEY: z.string().optional(),
    /** Demo mode seeds demo data and the demo admin. Default: on unless production with a server DB. */
    DEMO_MODE: bool.optional(),
    DEMO_ADMIN_EMAIL: z.string().email().default("admin@roomlink.test"),
    DEMO_ADMIN_PASSWORD: z.string().min(8).default("roomlink-demo"),
    /** Embedded sandbox tenant: "embedded" starts it inside the app, "off" does not. */
    SANDBOX: z.enum(["embedded", "off"]).optional(),
    SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
    /** Where a running sandbox's state is persisted (demo mode); unset: DATA_DIR/sandbox. */
    SANDBOX_STATE_DIR: z.string().optional(),
    /** Extra redirect URIs (comma-separated) registered on the sandbox's seeded app registration. */
    SANDBOX_REDIRECT_URIS: z.string().optional(),
    /** Time scale for sandbox delivery retries / lifecycle (tests use e.g. 0.001). */
    SANDBOX_TIME_SCALE: z.coerce.number().positive().default(1),
    /** Sandbox cloud for integrations: identity host, Graph base URL and the CA to trust (default: SANDBOX_PORT / DATA_DIR). */
    SANDBOX_AUTHORITY_HOST: z.string().url().optional(),
    SANDBOX_GRAPH_BASE_URL: z.string().url().optional(),
    SANDBOX_CA_FILE: z.string().optional(),
    /** Problem e-mails: smtp://user:pass@host:port (unset: problems are only shown, not mailed). */
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default("Roomlink <roomlink@localhost>"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Behind a reverse proxy that sets X-Forwarded-For / X-Forwarded-Proto: trust them (client IP for sign-in throttling, Secure cookies). */
    TRUST_PROXY: bool.default(false),
    /** Set by Next itself; "phase-production-build" while `next build` runs. */
    NEXT_PHASE: z.string().optional(),
    /** Reconcile schedule in minutes. */
    RECONCILE_EVERY_MINUTES: z.coerce.number().positive().default(5),
    /** Run the sync worker loop inside the app process (default). Set "false" when `npm run worker` processes do it. */
    JOBS_IN_APP: z
      .enum(["true", "false"])
      .default("true")
      .transform((v) => v === "true"),
  })
  .superRefine((v, ctx) => {
    // Run-time secrets are not needed (nor usually present) while `next build` runs.
    const building = v.NEXT_PHASE === "phase-production-build";
    if (v.NODE_ENV === "production" && v.DATABASE_URL && !v.AUTH_SECRET && !building) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required in production (32+ random characters)",
      });
    }
  });

export type Env = z.infer<typeof schema> & {
  demoMode: boolean;
  sandboxEmbedded: boolean;
  baseUrl: string;
  webhookBaseUrl: string;
  sandboxAuthorityHost: string;
  sandboxGraphBaseUrl: string;
  sandboxCaFile: string;
  databaseKind: "embedded" | "server";
};

/** The environment does not describe a configuration Roomlink can start with. */
export class EnvError extends Error {
  override name = "EnvError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings in .env files mean "unset", not "invalid".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Roomlink cannot start: invalid configuration\n${lines.join("\n")}`);
  }
  const v = result.data;
  const production = v.NODE_ENV === "production";
  const demoMode = v.DEMO_MODE ?? !(production && v.DATABASE_URL);
  return {
    ...v,
    demoMode,
    sandboxEmbedded: (v.SANDBOX ?? (production ? "off" : "embedded")) === "embedded",
    baseUrl: (v.APP_BASE_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, ""),
    webhookBaseUrl: (v.WEBHOOK_BASE_URL ?? v.APP_BASE_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, ""),
    sandboxAuthorityHost: (v.SANDBOX_AUTHORITY_HOST ?? `https://localhost:${v.SANDBOX_PORT}`).replace(/\/+$/, ""),
    sandboxGraphBaseUrl: (v.SANDBOX_GRAPH_BASE_URL ?? `https://localhost:${v.SANDBOX_PORT}/v1.0`).replace(/\/+$/, ""),
    sandboxCaFile: v.SANDBOX_CA_FILE ?? `${v.SANDBOX_STATE_DIR ?? `${v.DATA_DIR}/sandbox`}/ca.pem`,
    databaseKind: v.DATABASE_URL ? "server" : "embedded",
  };
}

export const env: Env = parseEnv(process.env);

/**
 * Whether integrations may use the sandbox tenant as their cloud: in development, and where a
 * sandbox is run on purpose (SANDBOX=embedded as in the demo and the browser tests, or a standalone
 * one at SANDBOX_AUTHORITY_HOST). A production deployment otherwise must reach Microsoft. Read at
 * call time so a test can vary it.
 */
export function sandboxCloudAllowed(source: Record<string, string | undefined> = process.env): boolean {
  return source.NODE_ENV !== "production" || source.SANDBOX === "embedded" || !!source.SANDBOX_AUTHORITY_HOST;
}
