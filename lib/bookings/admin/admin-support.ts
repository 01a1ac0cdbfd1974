// Shared plumbing for the admin CRUD services: options, the audit row, duplicate checks, and
// turning a zod failure into the same BookingError the booking form already knows how to show.
import { sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { auditLog } from "@/db/schema";
import { must } from "@/lib/invariant";
import { BookingError, type BookingIssueInput } from "../errors";
import type { Locale } from "../messages";
import { actorId, actorName, resolveDb, type Actor } from "../write-support";

export interface AdminOptions {
  actor: Actor;
  db?: Db;
}

export async function adminTx<T>(opts: AdminOptions, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await resolveDb({ actor: opts.actor, db: opts.db });
  return db.transaction(fn);
}

export async function audit(
  tx: Tx,
  opts: AdminOptions,
  entityType: string,
  entityId: string,
  action: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await tx.insert(auditLog).values({
    actor: actorId(opts.actor),
    actorName: actorName(opts.actor),
    entityType,
    entityId,
    action,
    before: before ?? null,
    after: after ?? null,
  });
}

/** A schema factory per language, so forms (zodResolver) and services share one definition. */
export type SchemaFactory<S extends z.ZodType> = (locale: Locale) => S;

/**
 * Parse with the English schema; on failure parse again in Dutch so every issue carries both
 * texts (issues come out in the same order), bound to its field.
 */
export function parseOrThrow<S extends z.ZodType>(make: SchemaFactory<S>, input: unknown): z.output<S> {
  const r = make("en").safeParse(input);
  if (r.success) return r.data;
  const nl = make("nl").safeParse(input);
  const nlIssues = nl.success ? [] : nl.error.issues;
  const [first, ...more] = r.error.issues.map((i, n): BookingIssueInput => ({
    code: "invalid_value",
    field: i.path.join(".") || "form",
    params: { detail: i.message, detailNl: nlIssues[n]?.message ?? i.message },
  }));
  // zod reports a failure with at least one issue.
  throw new BookingError([must(first, "the first issue of a failed parse"), ...more], { cause: r.error });
}

/** Case-insensitive uniqueness check that names the clash, before the unique index would throw. */
export async function assertUnique(
  tx: Tx,
  table: PgTable,
  idCol: PgColumn,
  col: PgColumn,
  value: string,
  exceptId: string | null,
  issue: { code: "name_taken" | "email_taken"; field: string; entity: string; entityNl: string },
): Promise<void> {
  const where: SQL = exceptId
    ? sql`lower(${col}) = lower(${value}) and ${idCol} <> ${exceptId}`
    : sql`lower(${col}) = lower(${value})`;
  const hit = await tx.select({ id: idCol }).from(table).where(where).limit(1);
  if (hit.length) {
    throw new BookingError([
      {
        code: issue.code,
        field: issue.field,
        params: { entity: issue.entity, entityNl: issue.entityNl, name: value, email: value },
      },
    ]);
  }
}
