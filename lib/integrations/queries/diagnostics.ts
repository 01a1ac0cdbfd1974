// View models of the diagnostics page, one per card: everything the card shows, already decided
// (which rows, which mailbox label, which tone); the cards only translate and format dates.
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrationRooms, rooms, subscriptions, syncLog, type Integration } from "@/db/schema";
import { env } from "@/lib/env";
import type { AdviceCode } from "@/lib/graph/errors";
import { parkedOf } from "@/lib/jobs/parking";
import { lastFailedRound, SCHEDULE_RECONCILE } from "@/lib/jobs/schedule";
import { deadLettersFor, queueDepth, recentInbox, reconcileProgress, reconcileStatus } from "@/lib/sync/queries";
import { checkConnection, secretExpiry, type SecretLevel } from "../diagnostics";
import { openProblems, problemDisplay, type ProblemDisplay } from "../problems";
import { subscriptionUrls } from "../subscriptions";

/** Delegated mode reads the service account's own calendar, stored as mailbox "me": show the account. */
function mailboxLabel(i: Integration, mailbox: string): string {
  return mailbox === "me" ? (i.connectedAccount ?? "me") : mailbox;
}

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

export interface RoomsView {
  rows: RoomRow[];
  /** Mailboxes whose access test failed, with the app id the policy must include. */
  denied: string[];
  appId: string;
  /** Mailboxes replacing subjects, with the command that stops it. */
  replaced: { mailbox: string; command: string }[];
}

export async function roomsView(i: Integration): Promise<RoomsView> {
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
  const subscriptionOf = (mailbox: string) => {
    const s = subs.find((x) => x.mailbox.toLowerCase() === mailbox.toLowerCase());
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
  const rows = targets.map((r) => ({ ...r, subscription: subscriptionOf(r.mailbox) }));
  return {
    rows,
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

export interface CalendarRow {
  id: string;
  label: string;
  lastReconcileAt: Date | null;
  changes: number;
  hasDeltaLink: boolean;
  lastError: { at: Date | null; text: string } | null;
}

export interface ReconcileView {
  everyMinutes: number;
  state: "running" | "queued" | "idle";
  /** The last reconcile round of this integration: when, and its message (else its outcome). */
  last: { at: Date; text: string } | null;
  /** The newest failed scheduled round (any integration's), until a later one succeeds. */
  failedRound: { roundAt: Date; at: Date; error: string } | null;
  parked: { key: string; mailbox: string; probes: number; nextProbeAt: Date }[];
  /** At most 50 calendars. */
  calendars: CalendarRow[];
}

export async function reconcileView(i: Integration): Promise<ReconcileView> {
  const [recon, calendars, failed, parked] = await Promise.all([
    reconcileStatus(i.id),
    reconcileProgress(i.id),
    lastFailedRound(SCHEDULE_RECONCILE),
    parkedOf(i.id),
  ]);
  return {
    everyMinutes: env.RECONCILE_EVERY_MINUTES,
    state: recon.state,
    last: recon.last ? { at: recon.last.at, text: recon.last.message ?? recon.last.outcome } : null,
    failedRound: failed
      ? { roundAt: failed.roundAt, at: failed.finishedAt ?? failed.startedAt, error: failed.error ?? "" }
      : null,
    parked: parked.map((p) => ({ key: p.groupKey, mailbox: p.mailbox, probes: p.probes, nextProbeAt: p.nextProbeAt })),
    calendars: calendars.slice(0, 50).map((c) => ({
      id: c.id,
      label: mailboxLabel(i, c.mailbox),
      lastReconcileAt: c.lastReconcileAt,
      changes: c.lastReconcileChanges ?? 0,
      hasDeltaLink: c.hasDeltaLink,
      lastError: c.lastError ? { at: c.lastErrorAt, text: c.lastError } : null,
    })),
  };
}

export interface QueueView {
  pending: number;
  running: number;
  inboxPending: number;
  oldestPendingAt: Date | null;
  /** This integration's dead letters, newest first (at most 20). */
  dead: { id: number; name: string; attempts: number; finishedAt: Date | null; lastError: string }[];
}

export async function queueView(integrationId: string): Promise<QueueView> {
  const [q, dead] = await Promise.all([queueDepth(), deadLettersFor(integrationId, 20)]);
  return {
    pending: q.pending,
    running: q.running,
    inboxPending: q.inboxPending,
    oldestPendingAt: q.oldestPendingAt,
    dead: dead.map((j) => ({
      id: j.id,
      name: j.name,
      attempts: j.attempts,
      finishedAt: j.finishedAt,
      lastError: j.lastError ?? "",
    })),
  };
}

export interface NotificationRow {
  id: string;
  receivedAt: Date;
  /** The change type of a change notification, else the notification's kind (lifecycle …). */
  change: string;
  mailbox: string;
  eventId: string | null;
  /** Null while it waits in the inbox; else the outcome ("queued" when none was recorded). */
  outcome: string | null;
}

/** The 10 newest notifications received for this integration. */
export async function notificationsView(i: Integration): Promise<NotificationRow[]> {
  const inbox = await recentInbox(i.id, 10);
  return inbox.map((n) => ({
    id: String(n.id),
    receivedAt: n.receivedAt,
    change: n.kind === "change" ? n.changeType : n.kind,
    mailbox: mailboxLabel(i, n.mailbox),
    eventId: n.eventId || null,
    outcome: n.processedAt ? (n.outcome ?? "queued") : null,
  }));
}

export interface SyncLogRow {
  id: string;
  at: Date;
  direction: string;
  action: string;
  outcome: string;
  tone: "green" | "red" | "slate";
  /** The message, then the mailbox after a middle dot when there is one. */
  text: string;
}

/** The 25 newest sync actions of this integration. */
export async function recentSyncView(integrationId: string): Promise<SyncLogRow[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(syncLog)
    .where(eq(syncLog.integrationId, integrationId))
    .orderBy(desc(syncLog.at))
    .limit(25);
  return rows.map((l) => ({
    id: String(l.id),
    at: l.at,
    direction: l.direction,
    action: l.action,
    outcome: l.outcome,
    tone: l.outcome === "ok" ? "green" : l.outcome === "failed" ? "red" : "slate",
    text: `${l.message ?? ""}${l.mailbox ? ` · ${l.mailbox}` : ""}`,
  }));
}
