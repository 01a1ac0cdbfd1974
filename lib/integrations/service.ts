// Integration lifecycle: create, save credentials (secret sealed, write-only), delete and state
// changes, each audited. Consent/connect live in consent.ts, subscriptions in subscriptions.ts.
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrations, type Integration } from "@/db/schema";
import { seal } from "@/lib/crypto/seal";
import { forgetIdentity, secretPurpose } from "@/lib/graph/identity";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { catalogMessage, UserFacingError } from "@/lib/actions/safe-action";
import { auditDiff, auditIntegration, auditView, type Actor } from "./audit";
import type { AuthValues } from "./auth.schema";
import { must } from "@/lib/invariant";

export class IntegrationNotFoundError extends UserFacingError {
  override name = "IntegrationNotFoundError";
  constructor() {
    super(catalogMessage("integrations", "err.integrationGone"));
  }
}

/** `{base_url}/integrations/redirect/{id}`: what the admin registers in Azure as a Web redirect URI. */
export function returnUrl(integrationId: string): string {
  return `${env.baseUrl}/integrations/redirect/${integrationId}`;
}

export async function getIntegration(id: string): Promise<Integration> {
  const db = await getDb();
  const [row] = await db.select().from(integrations).where(eq(integrations.id, id));
  if (!row) throw new IntegrationNotFoundError();
  return row;
}

export async function findIntegration(id: string): Promise<Integration | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const db = await getDb();
  const [row] = await db.select().from(integrations).where(eq(integrations.id, id));
  return row;
}

export async function createIntegration(
  actor: Actor,
  input: { id?: string; name?: string; mode?: "delegated" | "application"; cloud?: Integration["cloud"] } = {},
): Promise<Integration> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(integrations)
      .values({
        ...(input.id ? { id: input.id } : {}),
        name: input.name ?? "Outlook",
        mode: input.mode ?? "delegated",
        cloud: input.cloud ?? "public",
        createdBy: actor === "system" ? null : actor.id,
      })
      .returning();
    const row = must(inserted, "inserted integration row");
    await auditIntegration(tx, actor, row.id, "integration.create", null, auditView(row));
    return row;
  });
}

/**
 * Save the authentication screen. A new secret is sealed; an empty one keeps the stored secret.
 * Changing tenant, client, cloud or mode invalidates consent and tokens: the steps must run again.
 */
export async function saveAuthentication(actor: Actor, v: AuthValues): Promise<Integration> {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(integrations).where(eq(integrations.id, v.id)).for("update");
    if (!before) throw new IntegrationNotFoundError();
    const identityChanged =
      before.tenantId !== v.tenantId ||
      before.clientId !== v.clientId ||
      before.cloud !== v.cloud ||
      before.mode !== v.mode;
    const secret = v.clientSecret.trim();
    if (!secret && !before.clientSecretSealed)
      throw new UserFacingError(catalogMessage("integrations", "err.secretRequired"), "clientSecret");
    const patch: Partial<Integration> = {
      name: v.name,
      cloud: v.cloud,
      mode: v.mode,
      tenantId: v.tenantId,
      clientId: v.clientId,
      clientSecretExpiresAt: v.clientSecretExpiresOn ? new Date(`${v.clientSecretExpiresOn}T23:59:59Z`) : null,
      updatedAt: new Date(),
    };
    if (secret) {
      patch.clientSecretSealed = seal(secret, secretPurpose(v.id));
      patch.clientSecretSetAt = new Date();
    }
    if (identityChanged) {
      Object.assign(patch, {
        tokenCacheSealed: null,
        consentedAt: null,
        connectedAt: null,
        connectedAccount: null,
        grantedRoles: null,
        tokensRefreshedAt: null,
      });
      if (before.state !== "active") patch.state = "draft";
      else patch.state = "needs_attention";
    } else if (
      secret &&
      before.lastErrorAdvice &&
      ["secret_expired", "secret_id_pasted", "secret_missing"].includes(before.lastErrorAdvice)
    ) {
      Object.assign(patch, { lastErrorAdvice: null, lastError: null, lastErrorAt: null });
    }
    const [updated] = await tx.update(integrations).set(patch).where(eq(integrations.id, v.id)).returning();
    // The row is locked FOR UPDATE above: it cannot have gone away in between.
    const after = must(updated, "integration row locked for update");
    const diff = auditDiff(before, after);
    if (secret)
      diff.after.clientSecret = `set on ${must(after.clientSecretSetAt, "clientSecretSetAt just set").toISOString()}`;
    await auditIntegration(tx, actor, v.id, "integration.authentication", diff.before, diff.after);
    return after;
  });
  forgetIdentity(v.id);
  return result;
}

export async function setState(
  actor: Actor,
  id: string,
  state: Integration["state"],
  extra: Partial<Integration> = {},
  action = "integration.state",
): Promise<Integration> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(integrations).where(eq(integrations.id, id));
    if (!before) throw new IntegrationNotFoundError();
    const [after] = await tx
      .update(integrations)
      .set({ ...extra, state, updatedAt: new Date() })
      .where(eq(integrations.id, id))
      .returning();
    // Not locked: deleted in another window between the two statements.
    if (!after) throw new IntegrationNotFoundError();
    const diff = auditDiff(before, after);
    await auditIntegration(tx, actor, id, action, diff.before, diff.after);
    return after;
  });
}

/** Record an authentication failure (advice code + log-safe message) without changing the state. */
export async function recordAuthError(id: string, advice: string | null, message: string | null): Promise<void> {
  const db = await getDb();
  await db
    .update(integrations)
    .set({ lastErrorAdvice: advice, lastError: message, lastErrorAt: advice ? new Date() : null })
    .where(eq(integrations.id, id));
}

export async function deleteIntegrationRow(actor: Actor, id: string): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(integrations).where(eq(integrations.id, id));
    if (!before) return;
    await tx.delete(integrations).where(and(eq(integrations.id, id)));
    await auditIntegration(tx, actor, id, "integration.delete", auditView(before), null);
  });
  forgetIdentity(id);
  log.info({ integrationId: id }, "integration deleted");
}
