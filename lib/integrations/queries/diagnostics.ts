// View models of the diagnostics page's health cards, one per card: connection, client secret, rooms,
// webhook and open problems; everything the card shows already decided (which rows, which mailbox
// label, which tone), the cards only translate and format dates. Sync activity cards: ./activity.
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrationRooms, rooms, subscriptions, type Integration } from "@/db/schema";
import type { AdviceCode } from "@/lib/graph/errors";
import { checkConnection, secretExpiry, type SecretLevel } from "../diagnostics";
import { openProblems, problemDisplay, type ProblemDisplay } from "../problems";
import { subscriptionUrls } from "../subscriptions";
import { mailboxLabel } from "./mailbox-label";

export interface ConnectionView {
  ok: boolean;
  advice: AdviceCode | null;
  permissions: string[];
  account: string | null;
  tokenExpiresAt: Date | null;
  refreshedAt: Date | null;
  connectedAt: Date | null;
}

/** A fresh token right now: its permissions and expiry, or the advice why none came. */
export async function connectionView(i: Integration): Promise<ConnectionView> {
  const conn = await checkConnection(i);
  return {
    ok: conn.ok,
    advice: conn.advice ?? null,
    permissions: conn.permissions,
    account: i.connectedAccount,
    tokenExpiresAt: conn.tokenExpiresAt ?? null,
    refreshedAt: i.tokensRefreshedAt,
    connectedAt: i.connectedAt,
  };
}

export type SecretView =
  { level: "unknown" } | { level: Exclude<SecretLevel, "unknown">; expiresAt: Date; days: number };

/** The client secret's expiry countdown; `days` is never below 0 for the warnings. */
export function secretView(i: Integration, now = new Date()): SecretView {
  const s = secretExpiry(i.clientSecretExpiresAt, now);
  if (s.level === "unknown" || !i.clientSecretExpiresAt) return { level: "unknown" };
  const days = s.days ?? 0;
  return {
    level: s.level,
    expiresAt: i.clientSecretExpiresAt,
    days: s.level === "ok" || s.level === "expired" ? days : Math.max(days, 0),
  };
}

export interface RoomRow {
  mailbox: string;
  label: string;
  room: string;
  /** Application mode: the last access test ("ok" or the Graph code); null when not tested here. */
  access: string | null;
  /** Whether Exchange replaces subjects in this mailbox; null when unknown. */
  replaced: boolean | null;
  /** Delegated: a room the service account invites (read through its calendar, no subscription). */
  invited: boolean;
  subscription: { graphId: string; expiresAt: Date; lastNotificationAt: Date | null; lastError: string | null } | null;
}

export interface RoomsSummary {
  /** Mailboxes watched (application) or read (delegated: the service account and invited rooms). */
  total: number;
  /** Rows with something to act on: access denied, no or expired subscription, a subscription error. */
  problems: number;
  denied: number;
  noSubscription: number;
  expired: number;
  failing: number;
  replaced: number;
}

export interface RoomsView {
  /** One page of rows, rows with a problem first, each group by mailbox. */
  rows: RoomRow[];
  summary: RoomsSummary;
  /** Rows matching `q` (all pages), the page's first row and the page size. */
  matching: number;
  offset: number;
  limit: number;
  q: string;
  /** Mailboxes whose access test failed, with the app id the policy must include. */
  denied: string[];
  appId: string;
  /** Mailboxes replacing subjects, with the command that stops it. */
  replaced: { mailbox: string; command: string }[];
}

/** Whether a row needs the admin: its mailbox cannot be read or its changes do not arrive. */
export function roomProblem(r: RoomRow, now: Date): "denied" | "noSubscription" | "expired" | "failing" | null {
  if (r.access && r.access !== "ok") return "denied";
  if (r.invited) return null;
  if (!r.subscription) return "noSubscription";
  if (r.subscription.expiresAt <= now) return "expired";
  if (r.subscription.lastError) return "failing";
  return null;
}

export async function roomsView(
  i: Integration,
  page: { q?: string; offset?: number; limit?: number } = {},
  now = new Date(),
): Promise<RoomsView> {
  const db = await getDb();
  const [mapped, subs, inbound] = await Promise.all([
    db
      .select({
        mailboxUpn: integrationRooms.mailboxUpn,
        roomName: rooms.name,
        accessStatus: integrationRooms.accessStatus,
        subjectReplaced: integrationRooms.subjectReplaced,
      })
      .from(integrationRooms)
      .innerJoin(rooms, eq(rooms.id, integrationRooms.roomId))
      .where(eq(integrationRooms.integrationId, i.id))
      .orderBy(integrationRooms.mailboxUpn),
    db
      .select({
        mailbox: subscriptions.mailbox,
        graphId: subscriptions.graphId,
        expiresAt: subscriptions.expiresAt,
        lastNotificationAt: subscriptions.lastNotificationAt,
        lastError: subscriptions.lastError,
      })
      .from(subscriptions)
      .where(eq(subscriptions.integrationId, i.id)),
    i.inboundRoomId
      ? db.select({ name: rooms.name }).from(rooms).where(eq(rooms.id, i.inboundRoomId))
      : Promise.resolve([]),
  ]);
  // One map, not a search of every subscription per room (1,000 rooms made that a million comparisons).
  const byMailbox = new Map(subs.map((x) => [x.mailbox.toLowerCase(), x]));
  const subscriptionOf = (mailbox: string) => {
    const s = byMailbox.get(mailbox.toLowerCase());
    return s
      ? { graphId: s.graphId, expiresAt: s.expiresAt, lastNotificationAt: s.lastNotificationAt, lastError: s.lastError }
      : null;
  };
  const targets: Omit<RoomRow, "subscription">[] =
    i.mode === "application"
      ? mapped.map((r) => ({
          mailbox: r.mailboxUpn,
          label: r.mailboxUpn,
          room: r.roomName,
          access: r.accessStatus,
          replaced: r.subjectReplaced,
          invited: false,
        }))
      : [
          {
            mailbox: "me",
            label: mailboxLabel(i, "me"),
            room: inbound[0]?.name ?? "—",
            access: null,
            replaced: null,
            invited: false,
          },
          // Delegated: room mailboxes the service account's events invite; read through its calendar, no subscription of their own.
          ...mapped.map((r) => ({
            mailbox: r.mailboxUpn,
            label: r.mailboxUpn,
            room: r.roomName,
            access: null,
            replaced: null,
            invited: true,
          })),
        ];
  const all: RoomRow[] = targets.map((r) => ({ ...r, subscription: subscriptionOf(r.mailbox) }));
  const problemOf = new Map(all.map((r) => [r, roomProblem(r, now)]));
  const summary: RoomsSummary = {
    total: all.length,
    problems: 0,
    denied: 0,
    noSubscription: 0,
    expired: 0,
    failing: 0,
    replaced: all.filter((r) => r.replaced).length,
  };
  for (const p of problemOf.values()) {
    if (!p) continue;
    summary.problems++;
    summary[p]++;
  }
  const q = (page.q ?? "").trim().toLowerCase();
  const limit = Math.min(200, Math.max(1, Math.floor(page.limit ?? 50)));
  const offset = Math.max(0, Math.floor(page.offset ?? 0));
  // Problems first; otherwise the order above (the service account, then by mailbox). Array sort is stable.
  const matching = all
    .filter((r) => !q || r.label.toLowerCase().includes(q) || r.room.toLowerCase().includes(q))
    .sort((a, b) => Number(!problemOf.get(a)) - Number(!problemOf.get(b)));
  // The help for denied mailboxes and replaced subjects follows the rows shown.
  const rows = matching.slice(offset, offset + limit);
  return {
    rows,
    summary,
    matching: matching.length,
    offset,
    limit,
    q: page.q?.trim() ?? "",
    denied: rows.filter((r) => r.access && r.access !== "ok").map((r) => r.mailbox),
    appId: i.clientId ?? "",
    replaced: rows
      .filter((r) => r.replaced)
      .map((r) => ({
        mailbox: r.mailbox,
        command: `Set-CalendarProcessing -Identity ${r.mailbox} -AddOrganizerToSubject $false -DeleteSubject $false`,
      })),
  };
}

export interface WebhookView {
  integrationId: string;
  notificationUrl: string;
}

export function webhookView(i: Integration): WebhookView {
  return { integrationId: i.id, notificationUrl: subscriptionUrls(i.id).notificationUrl };
}

export interface ProblemItem extends Pick<ProblemDisplay, "title" | "advice"> {
  id: string;
  subject: string;
  /** The stored advice when it is a command to copy (subject_replaced), else null. */
  command: string | null;
  /** The stored message when it names the cause (subscription_failed), else null. */
  detail: string | null;
  /** The stored English message, as a tooltip. */
  message: string;
  occurrences: number;
  firstAt: Date;
  emailed: boolean;
}

/** Open problems, newest first. Stored in English (for e-mail); shown by kind in the admin's language. */
export async function problemsView(integrationId: string): Promise<ProblemItem[]> {
  const open = await openProblems(integrationId);
  return open.map((p) => {
    const d = problemDisplay(p.kind);
    return {
      id: p.id,
      title: d.title,
      advice: d.advice,
      subject: p.subject,
      command: d.command && p.advice ? p.advice : null,
      detail: d.detail ? p.message : null,
      message: p.message,
      occurrences: p.occurrences,
      firstAt: p.firstAt,
      emailed: p.emailedAt !== null,
    };
  });
}
