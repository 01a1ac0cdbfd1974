// The one Graph client factory: the integration's cloud and CA, token from identity.ts, and
// `Prefer: IdType="ImmutableId"` on every request. Wrap calls with graphCall() for typed errors.
// The SDK's middleware chain is built here so its RetryHandler is bounded (see RETRY below).
import { randomUUID } from "node:crypto";
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type AuthenticationProvider,
} from "@microsoft/microsoft-graph-client";
import { cloudEndpoints } from "./clouds";
import { fromGraphError, fromMsalError, type IntegrationError } from "./errors";
import { dispatcherFor } from "./http";
import { acquireToken, type IdentityConfig } from "./identity";

export const IMMUTABLE_ID = 'IdType="ImmutableId"';

/**
 * In-request retries of 429 / 503 / 504. Left unconfigured, the SDK's RetryHandler retries 3 times and
 * sleeps whatever Retry-After says (up to its 180 s cap) inside the job, past the job's 30 s lease.
 * Here it retries at most twice and only short waits; a longer Retry-After surfaces as ThrottledError
 * and the job is deferred by it without holding a worker (lib/jobs/runner.ts). Worst case per request:
 * 2 × 10 s, inside the lease, which the runner renews every 10 s while the job runs.
 * Options: https://github.com/microsoftgraph/msgraph-sdk-javascript/blob/dev/docs/CustomMiddlewareChain.md
 */
export const RETRY = { maxRetries: 2, maxDelaySeconds: 10, firstDelaySeconds: 1 } as const;

/** Seconds a response asks to wait (Retry-After: seconds or an HTTP date), or null without the header. */
export function retryAfterSeconds(response: Response | undefined): number | null {
  const h = response?.headers?.get("Retry-After");
  if (h === null || h === undefined || h === "") return null;
  const n = Number(h);
  return Number.isFinite(n) ? n : Math.round((new Date(h).getTime() - Date.now()) / 1000);
}

/** The SDK's default chain (auth, retry, redirect, telemetry, HTTP) with the bounded RetryHandler. */
export function middlewareChain(authProvider: AuthenticationProvider): AuthenticationHandler {
  const shouldRetry = (_delay: number, _attempt: number, _req: unknown, _opts: unknown, response: Response) =>
    (retryAfterSeconds(response) ?? 0) <= RETRY.maxDelaySeconds;
  const auth = new AuthenticationHandler(authProvider);
  const retry = new RetryHandler(new RetryHandlerOptions(RETRY.firstDelaySeconds, RETRY.maxRetries, shouldRetry));
  const redirect = new RedirectHandler(new RedirectHandlerOptions());
  const telemetry = new TelemetryHandler();
  auth.setNext(retry);
  retry.setNext(redirect);
  redirect.setNext(telemetry);
  telemetry.setNext(new HTTPMessageHandler());
  return auth;
}

/**
 * Graph client for an integration. `mailbox` is only a label for errors (the UPN a call targets).
 * A request that sets its own `Prefer` header replaces the default: include IMMUTABLE_ID there.
 */
export function getGraphClient(cfg: IdentityConfig, _mailbox?: string): Client {
  const ep = cloudEndpoints(cfg.cloud);
  const base = new URL(ep.graphBaseUrl);
  const version = base.pathname.replace(/^\/+|\/+$/g, "") || "v1.0";
  return Client.initWithMiddleware({
    middleware: middlewareChain({
      getAccessToken: () => acquireToken(cfg).catch((e: unknown) => Promise.reject(parkAuthError(e))),
    }),
    baseUrl: `${base.origin}/`,
    defaultVersion: version,
    // Bare hostname: with a port the SDK silently stops attaching the token (DESIGN §3).
    customHosts: ep.knownAuthority ? new Set([base.hostname]) : undefined,
    fetchOptions: { dispatcher: dispatcherFor(ep.caFile), headers: { Prefer: IMMUTABLE_ID } } as RequestInit,
  });
}

// The SDK wraps an authProvider failure into a GraphError that keeps only the error's `name`; park the
// typed error under a unique name so graphCall() can hand the original (with its advice) back.
const parked = new Map<string, IntegrationError>();
const PARK = "roomlink-auth:";
function parkAuthError(e: unknown): Error {
  const typed = fromMsalError(e);
  const name = `${PARK}${randomUUID()}`;
  parked.set(name, typed);
  setTimeout(() => parked.delete(name), 60_000).unref();
  const carrier = new Error(typed.message);
  carrier.name = name;
  return carrier;
}

/** Run a Graph call and map failures to ReconnectRequiredError / ThrottledError / AccessDeniedError / GraphRequestError. */
export async function graphCall<T>(run: () => Promise<T>, mailbox?: string): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith(PARK) && parked.has(code)) {
      const typed = parked.get(code)!;
      parked.delete(code);
      throw typed;
    }
    throw fromGraphError(e, mailbox);
  }
}
