// A 403 storm on one room (an application access policy excludes it, then is lifted): the room's work
// waits instead of burning attempts (no dead letters, attempts unspent), the room shows denied and a
// problem is open, the other room keeps syncing; once access returns the reconcile's probe heals it
// by itself: waiting Outlook meetings are booked, the waiting Roomlink booking reaches Outlook, the
// room shows ok, the problem closes and the integration is active again. Diagnostics' Run checks
// resumes it at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull, sql } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings, integrationRooms, integrations, jobs, parkedMailboxes, problems, syncLog } from "@/db/schema";
import { createBooking } from "@/lib/bookings/service";
import { startSyncJobs } from "@/lib/sync/register";
import { runRoomChecks } from "@/lib/integrations/diagnostics";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { at, gt } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";
import { syncLogText } from "@/lib/i18n/sync-log";

describe.each(testDbKinds)("a mailbox Graph denies (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    await w.jobs.idle();
  }, 60_000);
  afterAll(async () => {
    w?.sb.directory.setAccessPolicy(w.sb.clientId, null);
    await w?.close();
  });

  const book = (subject: string, start: Date, upn: string) =>
    w.graph.api(`/users/${w.organizer}/events`).post({
      subject,
      start: gt(start),
      end: gt(new Date(start.getTime() + 3600_000)),
      attendees: [{ type: "resource", emailAddress: { address: upn } }],
    }) as Promise<{ id: string }>;
  const titled = async (roomId: string, title: string) => (await w.bookingsOf(roomId)).filter((b) => b.title === title);

  it("parks the denied room's work, then heals it by itself when access returns", async () => {
    const denied = w.rooms[0]!;
    const other = w.rooms[1]!;
    // Roomlink's app loses access to one room (New-ApplicationAccessPolicy -AccessRight DenyAccess).
    w.sb.directory.setAccessPolicy(w.sb.clientId, { accessRight: "DenyAccess", mailboxes: [denied.upn] });
    for (let n = 0; n < 3; n++) await book(`Denied ${n}`, at(2, 9 + n), denied.upn);
    const {
      bookings: [ours],
    } = await createBooking(
      {
        roomId: denied.room.id,
        title: "Ours while denied",
        statusId: w.statuses.confirmed.id,
        startAt: at(3, 10),
        endAt: at(3, 11),
      },
      { actor: w.actor() },
    );
    await book("Other room", at(2, 9), other.upn);
    await w.waitFor(async () => (await titled(other.room.id, "Other room")).length === 1);

    const group = `${w.integrationId}|${denied.upn.toLowerCase()}`;
    await w.waitFor(
      async () => (await w.t.db.select().from(parkedMailboxes).where(eq(parkedMailboxes.groupKey, group))).length === 1,
    );
    // Several poll rounds later the parked work is still waiting, unclaimed, with no attempt spent.
    await new Promise((r) => setTimeout(r, 1500));
    const waiting = await w.t.db.select().from(jobs).where(eq(jobs.groupKey, group));
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(waiting.filter((j) => j.state === "dead")).toHaveLength(0);
    expect(waiting.filter((j) => j.state === "pending").every((j) => j.attempts === 0)).toBe(true);
    const [room] = await w.t.db
      .select()
      .from(integrationRooms)
      .where(eq(integrationRooms.id, (await roomRow(denied.upn)).id));
    expect(room!.accessStatus).toBe("ErrorAccessDenied");
    const open = await w.t.db
      .select()
      .from(problems)
      .where(and(eq(problems.integrationId, w.integrationId), isNull(problems.resolvedAt)));
    expect(open.map((p) => [p.kind, p.subject])).toContainEqual(["mailbox_access_denied", denied.upn]);
    expect((await integration()).state).toBe("needs_attention");
    for (let n = 0; n < 3; n++) expect(await titled(denied.room.id, `Denied ${n}`)).toHaveLength(0);

    // The policy is lifted. The probe's back-off (first one after a minute) is made due here; the
    // scheduled reconcile (every second in this test) does the rest, nobody presses anything.
    w.sb.directory.setAccessPolicy(w.sb.clientId, null);
    await w.t.db.update(parkedMailboxes).set({ nextProbeAt: sql`now() - interval '1 second'` });
    await w.jobs.stop();
    w.jobs = startSyncJobs({ pollMs: 100, reconcileEveryMs: 1000 });
    for (let n = 0; n < 3; n++)
      await w.waitFor(async () => (await titled(denied.room.id, `Denied ${n}`)).length === 1, 20_000);
    const written = await w.waitFor(async () => {
      const [b] = await w.t.db.select().from(bookings).where(eq(bookings.id, ours!.id));
      return b?.customFields.external_id ?? null;
    }, 20_000);
    expect(await w.eventIn(denied.upn, written)).not.toBeNull();
    await w.waitFor(async () => (await integration()).state === "active", 20_000);

    expect(await w.t.db.select().from(parkedMailboxes)).toHaveLength(0);
    const [healed] = await w.t.db
      .select()
      .from(integrationRooms)
      .where(eq(integrationRooms.id, (await roomRow(denied.upn)).id));
    expect(healed!.accessStatus).toBe("ok");
    const still = await w.t.db
      .select()
      .from(problems)
      .where(
        and(
          eq(problems.integrationId, w.integrationId),
          eq(problems.kind, "mailbox_access_denied"),
          isNull(problems.resolvedAt),
        ),
      );
    expect(still).toHaveLength(0);
    expect(await w.t.db.select().from(jobs).where(eq(jobs.state, "dead"))).toHaveLength(0);
    await w.jobs.stop();
    w.jobs = startSyncJobs({ pollMs: 100 });
  }, 60_000);

  it("diagnostics' Run checks resumes a parked mailbox at once once access is back", async () => {
    const denied = w.rooms[1]!;
    w.sb.directory.setAccessPolicy(w.sb.clientId, { accessRight: "DenyAccess", mailboxes: [denied.upn] });
    await book("Checked back", at(5, 9), denied.upn);
    await w.waitFor(async () => (await w.t.db.select().from(parkedMailboxes)).length === 1);
    w.sb.directory.setAccessPolicy(w.sb.clientId, null);
    // No reconcile runs in this world now (default schedule, 5 min): the admin's check does it.
    await runRoomChecks(await integration());
    await w.waitFor(async () => (await titled(denied.room.id, "Checked back")).length === 1, 15_000);
    expect(await w.t.db.select().from(parkedMailboxes)).toHaveLength(0);
    // The admin reads that access is back, in their language.
    const [back] = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.action, "access.restored"), eq(syncLog.mailbox, denied.upn)))
      .orderBy(sql`${syncLog.id} desc`)
      .limit(1);
    expect(back).toMatchObject({ code: "mailbox_access_back", message: null });
    const upn = denied.upn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(syncLogText(back!, "en")).toMatch(
      new RegExp(`^Graph reads ${upn} again after \\d+ min; \\d+ waiting jobs? resumes?\\.$`),
    );
    expect(syncLogText(back!, "nl")).toMatch(
      new RegExp(`^Graph leest ${upn} weer na \\d+ min; \\d+ wachtende ta(ak|ken) ga(at|an) verder\\.$`),
    );
  }, 30_000);

  async function roomRow(upn: string) {
    const [r] = await w.t.db
      .select()
      .from(integrationRooms)
      .where(and(eq(integrationRooms.integrationId, w.integrationId), eq(integrationRooms.mailboxUpn, upn)));
    return r!;
  }
  async function integration() {
    const [i] = await w.t.db.select().from(integrations).where(eq(integrations.id, w.integrationId));
    return i!;
  }
});
