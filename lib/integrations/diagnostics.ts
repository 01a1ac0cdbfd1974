// Diagnostics: connection (token, roles/scopes, ages), secret expiry countdown, per-room access test
// with subject-replacement detection, webhook round trip, and the read model the page shows.
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrationRooms, rooms, subscriptions, syncLog, type Integration } from "@/db/schema";
import { randomToken } from "@/lib/crypto/random";
import { getGraphClient, graphCall } from "@/lib/graph/client";
import { AccessDeniedError, IntegrationError, type AdviceCode } from "@/lib/graph/errors";
import { acquireTokenResult, tokenClaims } from "@/lib/graph/identity";
import { log } from "@/lib/log";
import { REQUIRED_PERMISSION, rolesOf, scopesOf } from "./consent-shared";
import { openProblems, raiseProblem, resolveProblems } from "./problems";
import { subscriptionUrls } from "./subscriptions";

export interface ConnectionCheck {
  ok: boolean;
  advice?: AdviceCode;
  /** Delegated: scp; application: roles. */
  permissions: string[];
  tokenExpiresAt?: Date;
  account?: string;
}

export async function checkConnection(i: Integration): Promise<ConnectionCheck> {
  if (!i.connectedAt) return { ok: false, advice: "not_connected", permissions: [] };
  try {
    const r = await Promise.race([
      acquireTokenResult(i),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new IntegrationError("network", "Token request timed out.")), 10_000).unref(),
      ),
    ]);
    const claims = tokenClaims(r.accessToken);
    const permissions = i.mode === "application" ? rolesOf(claims) : scopesOf(claims);
    const ok = permissions.includes(REQUIRED_PERMISSION);
    return {
      ok,
      advice: ok ? undefined : i.mode === "application" && !permissions.length ? "no_consent" : "missing_role",
      permissions,
      tokenExpiresAt: r.expiresOn ?? undefined,
      account: r.account?.username,
    };
  } catch (e) {
    return { ok: false, advice: e instanceof IntegrationError ? e.advice : "unknown", permissions: [] };
  }
}

export type SecretLevel = "unknown" | "ok" | "warn30" | "warn7" | "warn1" | "expired";

/** Days until the client secret expires and how loudly to say it (30 / 7 / 1 days ahead). */
export function secretExpiry(expiresAt: Date | null, now = new Date()): { level: SecretLevel; days?: number } {
  if (!expiresAt) return { level: "unknown" };
  const days = Math.floor((expiresAt.getTime() - now.getTime()) / 86_400_000);
  if (expiresAt <= now) return { level: "expired", days };
  if (days < 1) return { level: "warn1", days };
  if (days < 7) return { level: "warn7", days };
  if (days < 30) return { level: "warn30", days };
  return { level: "ok", days };
}

/** Raise (and e-mail once) or resolve the secret-expiry problem. */
export async function checkSecretExpiry(i: Integration): Promise<void> {
  const s = secretExpiry(i.clientSecretExpiresAt);
  if (s.level === "ok" || s.level === "unknown") {
    await resolveProblems(i.id, "secret_expiring");
    return;
  }
  await raiseProblem(i.id, {
    kind: "secret_expiring",
    message:
      s.level === "expired"
        ? "The client secret has expired."
        : `The client secret expires in ${Math.max(s.days ?? 0, 0)} ${s.days === 1 ? "day" : "days"}.`,
    advice:
      "Create a new client secret in Azure (Certificates & secrets), then save its Value and expiry date on the authentication screen.",
  });
}

export interface RoomCheck {
  mailbox: string;
  ok: boolean;
  advice?: AdviceCode;
  graphCode?: string | null;
  subjectReplaced: boolean | null;
}

type EventLite = { subject?: string | null; organizer?: { emailAddress?: { name?: string; address?: string } } };

/**
 * Read the mailbox's recent events: 403 ErrorAccessDenied means an access policy / RBAC scope excludes
 * it; a subject equal to the organizer's name means AddOrganizerToSubject is on.
 */
export async function testMailbox(i: Integration, mailbox: string): Promise<RoomCheck> {
  const path = mailbox === "me" ? "/me/events" : `/users/${encodeURIComponent(mailbox)}/events`;
  try {
    const page = (await graphCall(
      () => getGraphClient(i, mailbox).api(path).top(25).select("subject,organizer").get(),
      mailbox,
    )) as { value: EventLite[] };
    const replaced = page.value.some((e) => {
      const name = e.organizer?.emailAddress?.name?.trim();
      return (
        Boolean(name) &&
        e.subject?.trim() === name &&
        e.organizer?.emailAddress?.address?.toLowerCase() !== mailbox.toLowerCase()
      );
    });
    return { mailbox, ok: true, subjectReplaced: page.value.length ? replaced : null };
  } catch (e) {
    const err = e instanceof IntegrationError ? e : new IntegrationError("unknown", String(e));
    return {
      mailbox,
      ok: false,
      advice: err.advice,
      graphCode: e instanceof AccessDeniedError ? e.graphCode : null,
      subjectReplaced: null,
    };
  }
}

/** Test every mapped mailbox (or "me"), store the results per room and keep problems in step. */
export async function runRoomChecks(i: Integration): Promise<RoomCheck[]> {
  const db = await getDb();
  const mapped =
    i.mode === "application"
      ? await db.select().from(integrationRooms).where(eq(integrationRooms.integrationId, i.id))
      : [];
  const targets = i.mode === "application" ? mapped.map((m) => m.mailboxUpn) : ["me"];
  const results: RoomCheck[] = [];
  // A few at a time: Graph allows 4 concurrent requests per app and mailbox.
  for (let k = 0; k < targets.length; k += 4)
    results.push(...(await Promise.all(targets.slice(k, k + 4).map((m) => testMailbox(i, m)))));
  for (const r of results) {
    const row = mapped.find((m) => m.mailboxUpn === r.mailbox);
    if (row) {
      await db
        .update(integrationRooms)
        .set({
          accessStatus: r.ok ? "ok" : (r.graphCode ?? r.advice ?? "failed"),
          accessCheckedAt: new Date(),
          subjectReplaced: r.subjectReplaced,
        })
        .where(eq(integrationRooms.id, row.id));
    }
    if (r.ok) {
      await resolveProblems(i.id, "mailbox_access_denied", r.mailbox);
      // A mailbox whose work was parked on a 403 (lib/jobs/parking.ts) resumes now, not at its next probe.
      const { parkedOf } = await import("@/lib/jobs/parking");
      const parked = (await parkedOf(i.id)).find((p) => p.mailbox.toLowerCase() === r.mailbox.toLowerCase());
      if (parked)
        await (await import("@/lib/sync/reconcile/mailbox-access")).restoreAccess(i, parked.mailbox, parked.since);
    } else if (r.advice === "mailbox_access_denied") {
      await raiseProblem(i.id, {
        kind: "mailbox_access_denied",
        subject: r.mailbox,
        message: `Access to ${r.mailbox} denied (403 ErrorAccessDenied).`,
        advice:
          "Add the room mailbox to the application access policy's security group (or RBAC scope). Changes can take up to an hour.",
      });
    }
    if (r.subjectReplaced) {
      await raiseProblem(i.id, {
        kind: "subject_replaced",
        subject: r.mailbox,
        message: `${r.mailbox} replaces meeting subjects with the organizer's name.`,
        advice: `Set-CalendarProcessing -Identity ${r.mailbox} -AddOrganizerToSubject $false -DeleteSubject $false`,
      });
    } else if (r.subjectReplaced === false) await resolveProblems(i.id, "subject_replaced", r.mailbox);
  }
  return results;
}

/** POST a validation request to our own notify URL, as Graph does, and check the echo. */
export async function webhookRoundTrip(
  integrationId: string,
  baseUrl?: string,
): Promise<{ ok: boolean; status?: number; ms: number; detail?: string }> {
  const token = `roomlink-check-${randomToken(8)}`;
  const url = `${subscriptionUrls(integrationId, baseUrl).notificationUrl}?validationToken=${encodeURIComponent(token)}`;
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.text();
    const ok = res.status === 200 && body === token && (res.headers.get("content-type") ?? "").startsWith("text/plain");
    return {
      ok,
      status: res.status,
      ms: Date.now() - started,
      detail: ok ? undefined : `status ${res.status}, content-type ${res.headers.get("content-type") ?? "none"}`,
    };
  } catch (e) {
    log.warn({ integrationId, err: e }, "webhook round trip failed");
    return { ok: false, ms: Date.now() - started, detail: (e as Error).message };
  }
}

export async function diagnosticsData(integrationId: string, inboundRoomId?: string | null) {
  const db = await getDb();
  const [roomRows, subs, recent, probs, inbound] = await Promise.all([
    db
      .select({
        id: integrationRooms.id,
        mailboxUpn: integrationRooms.mailboxUpn,
        roomName: rooms.name,
        accessStatus: integrationRooms.accessStatus,
        accessCheckedAt: integrationRooms.accessCheckedAt,
        subjectReplaced: integrationRooms.subjectReplaced,
      })
      .from(integrationRooms)
      .innerJoin(rooms, eq(rooms.id, integrationRooms.roomId))
      .where(eq(integrationRooms.integrationId, integrationId))
      .orderBy(integrationRooms.mailboxUpn),
    db.select().from(subscriptions).where(eq(subscriptions.integrationId, integrationId)),
    db.select().from(syncLog).where(eq(syncLog.integrationId, integrationId)).orderBy(desc(syncLog.at)).limit(25),
    openProblems(integrationId),
    inboundRoomId
      ? db.select({ name: rooms.name }).from(rooms).where(eq(rooms.id, inboundRoomId))
      : Promise.resolve([]),
  ]);
  return {
    inboundRoomName: inbound[0]?.name ?? null,
    rooms: roomRows,
    subscriptions: subs.map(({ clientStateSealed: _c, ...s }) => s),
    recent,
    problems: probs,
  };
}
