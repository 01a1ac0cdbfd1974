// Graph calls made by sync jobs: count each against the mailbox's request budget, map errors to
// typed ones, on a 401 refresh the token once before giving up (then: re-consent), and on a 403
// ErrorAccessDenied park the mailbox so its work waits for access instead of failing (lib/jobs/parking.ts).
import type { Client } from "@microsoft/microsoft-graph-client";
import type { Integration } from "@/db/schema";
import { AccessDeniedError, acquireTokenResult, getGraphClient, graphCall, ReconnectRequiredError } from "@/lib/graph";
import { takeBudget } from "@/lib/jobs/budget";
import { groupOf, parkMailbox } from "@/lib/jobs/parking";

export const mailboxGroup = groupOf;

/** A 403 for one mailbox (access policy / RBAC scope), not the app lacking a role altogether. */
export function isMailboxDenied(e: unknown): e is AccessDeniedError {
  return e instanceof AccessDeniedError && e.graphCode === "ErrorAccessDenied" && e.advice === "mailbox_access_denied";
}

export async function callGraph<T>(
  integration: Integration,
  mailbox: string,
  run: (client: Client) => Promise<T>,
): Promise<T> {
  try {
    return await callGraphOnce(integration, mailbox, run);
  } catch (e) {
    // "$batch" is not a mailbox: its sub-requests' 403s are answered inside the batch response.
    if (isMailboxDenied(e) && mailbox !== "$batch") await parkMailbox(integration.id, mailbox, e.message);
    throw e;
  }
}

async function callGraphOnce<T>(
  integration: Integration,
  mailbox: string,
  run: (client: Client) => Promise<T>,
): Promise<T> {
  const group = mailboxGroup(integration.id, mailbox);
  takeBudget(group);
  const client = getGraphClient(integration, mailbox);
  const startedAt = Date.now();
  try {
    return await graphCall(() => run(client), mailbox);
  } catch (e) {
    if (!(e instanceof ReconnectRequiredError) || e.status !== 401) throw e;
    // A 401 with a token msal still thinks valid (revoked, clock skew): refresh once, retry once.
    // Calls refused with the same token share one refresh (a refresh token is redeemable once).
    await acquireTokenResult(integration, { forceRefresh: true, rejectedAt: startedAt });
    takeBudget(group);
    return graphCall(() => run(getGraphClient(integration, mailbox)), mailbox);
  }
}

/** Graph's 404 for a deleted item. */
export function isNotFound(e: unknown): boolean {
  return (e as { status?: number }).status === 404;
}
