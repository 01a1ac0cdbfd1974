// The one Graph client factory: the integration's cloud and CA, token from identity.ts, and
// `Prefer: IdType="ImmutableId"` on every request. Wrap calls with graphCall() for typed errors.
import { randomUUID } from "node:crypto";
import { Client } from "@microsoft/microsoft-graph-client";
import { cloudEndpoints, type Cloud } from "./clouds";
import { fromGraphError, fromMsalError, type IntegrationError } from "./errors";
import { dispatcherFor } from "./http";
import { acquireToken, type IdentityConfig } from "./identity";

export const IMMUTABLE_ID = 'IdType="ImmutableId"';

/**
 * Graph client for an integration. `mailbox` is only a label for errors (the UPN a call targets).
 * A request that sets its own `Prefer` header replaces the default: include IMMUTABLE_ID there.
 */
export function getGraphClient(cfg: IdentityConfig, _mailbox?: string): Client {
  const ep = cloudEndpoints(cfg.cloud as Cloud);
  const base = new URL(ep.graphBaseUrl);
  const version = base.pathname.replace(/^\/+|\/+$/g, "") || "v1.0";
  return Client.initWithMiddleware({
    authProvider: { getAccessToken: () => acquireToken(cfg).catch((e: unknown) => Promise.reject(parkAuthError(e))) },
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
