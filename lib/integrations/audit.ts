// Audit rows for integration changes: who, what, before/after. Secrets and token caches never go in;
// their presence is recorded as "set on …" instead.
import type { Db, Tx } from "@/db/client";
import { auditLog, type Integration } from "@/db/schema";

export type Actor = { id: string; name?: string } | "system";

const HIDDEN = new Set(["clientSecretSealed", "tokenCacheSealed"]);

/** An integration row as it may appear in the audit log. */
export function auditView(row: Partial<Integration> | null | undefined): Record<string, unknown> | null {
  if (!row) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (HIDDEN.has(k)) continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** Only the fields that changed (both sides), so the log reads as a diff. */
export function auditDiff(
  before: Partial<Integration>,
  after: Partial<Integration>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b = auditView(before) ?? {};
  const a = auditView(after) ?? {};
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const db: Record<string, unknown> = {};
  const da: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === "updatedAt") continue;
    if (JSON.stringify(b[k]) !== JSON.stringify(a[k])) {
      db[k] = b[k];
      da[k] = a[k];
    }
  }
  return { before: db, after: da };
}

export async function auditIntegration(
  db: Db | Tx,
  actor: Actor,
  integrationId: string,
  action: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Promise<void> {
  await db.insert(auditLog).values({
    actor: actor === "system" ? "system:integrations" : actor.id,
    actorName: actor === "system" ? "Roomlink" : (actor.name ?? null),
    entityType: "integration",
    entityId: integrationId,
    action,
    before,
    after,
  });
}
