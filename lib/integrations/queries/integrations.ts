// Read models for the integration screens: the list with open-problem counts, and one integration
// as the browser may see it (no sealed values, secret only as set/expiry dates).
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  bookingStatuses,
  bookings,
  customers,
  integrations,
  problems,
  rooms,
  templates,
  type Integration,
} from "@/db/schema";
import { renderTemplate } from "@/lib/bookings/template";

export interface IntegrationListItem {
  id: string;
  name: string;
  mode: Integration["mode"];
  state: Integration["state"];
  cloud: Integration["cloud"];
  lastSyncAt: Date | null;
  problemCount: number;
}

export async function listIntegrations(): Promise<IntegrationListItem[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: integrations.id,
      name: integrations.name,
      mode: integrations.mode,
      state: integrations.state,
      cloud: integrations.cloud,
      lastSyncAt: integrations.lastSyncAt,
      problemCount: count(problems.id),
    })
    .from(integrations)
    .leftJoin(problems, and(eq(problems.integrationId, integrations.id), isNull(problems.resolvedAt)))
    .groupBy(integrations.id)
    .orderBy(desc(integrations.createdAt));
  return rows.map((r) => ({ ...r, problemCount: Number(r.problemCount) }));
}

/** Everything but sealed values: safe to pass to client components. */
export type PublicIntegration = Omit<Integration, "clientSecretSealed" | "tokenCacheSealed"> & {
  hasSecret: boolean;
  hasTokens: boolean;
};

export function toPublic(i: Integration): PublicIntegration {
  const { clientSecretSealed, tokenCacheSealed, ...rest } = i;
  return { ...rest, hasSecret: Boolean(clientSecretSealed), hasTokens: Boolean(tokenCacheSealed) };
}

export interface ConfigOptions {
  statuses: { id: string; name: string; nameNl: string | null }[];
  rooms: { id: string; name: string }[];
  templates: { id: string; name: string; subject: string; body: string }[];
}

/** Choices for the configuration screens. */
export async function configOptions(): Promise<ConfigOptions> {
  const db = await getDb();
  const [s, r, t] = await Promise.all([
    db
      .select({ id: bookingStatuses.id, name: bookingStatuses.name, nameNl: bookingStatuses.nameNl })
      .from(bookingStatuses)
      .orderBy(bookingStatuses.name),
    db.select({ id: rooms.id, name: rooms.name }).from(rooms).orderBy(rooms.name),
    db
      .select({ id: templates.id, name: templates.name, subject: templates.subject, body: templates.body })
      .from(templates)
      .orderBy(templates.name),
  ]);
  return { statuses: s, rooms: r, templates: t };
}

/** Each template rendered with the newest real booking, for the live preview (null without bookings). */
export async function templatePreviews(
  locale: "en" | "nl",
): Promise<{ booking: string; previews: Record<string, { subject: string; body: string; unknown: string[] }> } | null> {
  const db = await getDb();
  const [b] = await db
    .select({ booking: bookings, room: rooms, customer: customers, status: bookingStatuses })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
    .leftJoin(customers, eq(customers.id, bookings.customerId))
    .orderBy(desc(bookings.startAt))
    .limit(1);
  if (!b) return null;
  const all = await db.select().from(templates);
  const previews: Record<string, { subject: string; body: string; unknown: string[] }> = {};
  for (const t of all) previews[t.id] = renderTemplate(t, b.booking, b.room, b.customer, { status: b.status, locale });
  return { booking: b.booking.title, previews };
}
