// Inbound workflows of seeds 000 / 003 / 004 beyond inbound.test.ts, against the sandbox through our
// webhook routes, queue and the real Graph SDK: lead time, advance window and capacity declines,
// refused and forced updates, update switch and lock statuses, customer status, replaced subjects,
// privacy, series-level edits and open-ended series, lifecycle events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, inArray } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import {
  auditLog,
  bookings,
  customers,
  integrations,
  jobs,
  recurrenceGroups,
  subscriptions,
  syncLog,
  type Booking,
  type NewIntegration,
} from "@/db/schema";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { formatRange, formatTimeRange } from "@/lib/bookings/time";
import { truncationText } from "@/lib/bookings/truncation";
import { startSyncJobs } from "@/lib/sync/register";
import type { SandboxGraphService } from "@/lib/sandbox/graph";
import { reconcileIntegration } from "@/lib/sync/reconcile/reconcile";
import { at, gt, type Ev } from "./test-events";
import { syncWorld, type SyncWorld } from "./test-world";
import { syncLogText, type SyncLogLine } from "@/lib/i18n/sync-log";

/** A sync-log line as an English-speaking admin reads it. */
const en = (l: SyncLogLine) => syncLogText(l, "en");

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const weekly = (first: Date, range: Record<string, unknown>) => ({
  pattern: { type: "weekly", interval: 1, daysOfWeek: [WEEKDAYS[first.getUTCDay()]] },
  range: { startDate: first.toISOString().slice(0, 10), recurrenceTimeZone: "UTC", ...range },
});

describe.each(testDbKinds)("inbound workflows against the sandbox (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const room = (n: number) => w.rooms[n]!;
  const guests = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      type: "required",
      emailAddress: { address: `guest${i}@example.com`, name: `Guest ${i}` },
    }));
  const book = (
    subject: string,
    start: Date,
    end: Date,
    roomUpn: string,
    extra: Record<string, unknown> = {},
    people = 1,
  ) =>
    w.graph.api(`/users/${w.organizer}/events`).post({
      subject,
      start: gt(start),
      end: gt(end),
      attendees: [...guests(people), { type: "resource", emailAddress: { address: roomUpn } }],
      ...extra,
    }) as Promise<Ev>;
  const patch = (id: string, body: Record<string, unknown>) =>
    w.graph.api(`/users/${w.organizer}/events/${id}`).patch(body);
  const roomAnswer = async (id: string, upn: string) =>
    ((await w.graph.api(`/users/${w.organizer}/events/${id}`).get()) as Ev).attendees.find(
      (a) => a.emailAddress.address.toLowerCase() === upn.toLowerCase(),
    )?.status?.response;
  const live = async (roomId: string, title: string) =>
    (await w.bookingsOf(roomId)).filter((b) => b.title === title && b.statusId !== w.statuses.cancelled.id);
  const booked = (roomId: string, title: string, n = 1) =>
    w.waitFor(async () => {
      const r = await live(roomId, title);
      return r.length === n ? r : null;
    });
  const reread = async (id: string) => (await w.t.db.select().from(bookings).where(eq(bookings.id, id)))[0]!;
  const logOf = async (where: { bookingId?: string; mailbox?: string }, action: string) => {
    const rows = await w.t.db
      .select()
      .from(syncLog)
      .where(
        and(
          eq(syncLog.action, action),
          where.bookingId ? eq(syncLog.bookingId, where.bookingId) : eq(syncLog.mailbox, where.mailbox!),
        ),
      )
      .orderBy(desc(syncLog.id));
    return rows[0];
  };
  /** Run `fn` with the integration's inbound settings changed, then put them back. */
  const withSettings = async (s: Partial<NewIntegration>, fn: () => Promise<void>) => {
    const [before] = await w.t.db.select().from(integrations).where(eq(integrations.id, w.integrationId));
    await w.t.db.update(integrations).set(s).where(eq(integrations.id, w.integrationId));
    try {
      await fn();
    } finally {
      const keys = Object.keys(s) as (keyof typeof before)[];
      await w.t.db
        .update(integrations)
        .set(Object.fromEntries(keys.map((k) => [k, before![k]])))
        .where(eq(integrations.id, w.integrationId));
    }
  };
  const withPolicy = async (
    roomId: string,
    p: Parameters<SyncWorld["setPolicy"]>[1],
    reset: Parameters<SyncWorld["setPolicy"]>[1],
    fn: () => Promise<void>,
  ) => {
    await w.setPolicy(roomId, p);
    try {
      await fn();
    } finally {
      await w.setPolicy(roomId, reset);
    }
  };
  /** A booking made in Outlook and settled (room accepted, so later edits are not raced by our answer). */
  const settled = async (title: string, start: Date, end: Date, n = 0): Promise<{ ev: Ev; b: Booking }> => {
    const ev = await book(title, start, end, room(n).upn);
    const [b] = await booked(room(n).room.id, title);
    await w.waitFor(async () => (await roomAnswer(ev.id, room(n).upn)) === "accepted");
    await w.jobs.idle();
    return { ev, b: b! };
  };
  const declinedFor = async (title: string, start: Date, end: Date, n: number, reason: RegExp, people = 1) => {
    const ev = await book(title, start, end, room(n).upn, {}, people);
    await w.waitFor(async () => (await roomAnswer(ev.id, room(n).upn)) === "declined");
    expect(await live(room(n).room.id, title)).toHaveLength(0);
    // The decline's comment is this message: the organizer reads why in Outlook.
    const entry = await w.waitFor(async () => {
      const e = await logOf({ mailbox: room(n).upn }, "create");
      return e?.outcome === "rejected" && reason.test(en(e)) ? e : null;
    });
    expect(en(entry)).toMatch(reason);
  };

  it("policies: too short notice, too far ahead and too many attendees are declined with the reason", async () => {
    await withPolicy(
      room(1).room.id,
      { minLeadMinutes: 24 * 60, advanceDays: 30 },
      { minLeadMinutes: null, advanceDays: null },
      async () => {
        const soon = new Date(Date.now() + 3 * 3600_000);
        soon.setUTCMinutes(0, 0, 0);
        await declinedFor("Last minute", soon, new Date(soon.getTime() + 3600_000), 1, /must be made at least/);
        await declinedFor("Far future", at(60, 9), at(60, 10), 1, /at most 30 days ahead/);
      },
    );
    // Room capacity is 10; the organizer attends too.
    await declinedFor("Town hall", at(9, 9), at(9, 10), 1, /holds 10 people; 13 attendees/, 12);
  });

  it("an Outlook edit that conflicts is refused and the original time kept; with ignore-validation it is applied", async () => {
    await settled("Blocker", at(10, 13), at(10, 14));
    const { ev, b } = await settled("Mover", at(10, 9), at(10, 10));
    await patch(ev.id, { start: gt(at(10, 13, 30)), end: gt(at(10, 14, 30)) });
    const refused = await w.waitFor(async () => {
      const e = await logOf({ bookingId: b.id }, "update");
      return e?.outcome === "rejected" ? e : null;
    });
    expect(en(refused)).toMatch(/^Change refused, original time kept: .* is booked /);
    expect(syncLogText(refused, "nl")).toMatch(/^Wijziging geweigerd, oorspronkelijke tijd behouden: .* is bezet /);
    const kept = await reread(b.id);
    expect([kept.startAt.toISOString(), kept.statusId]).toEqual([at(10, 9).toISOString(), w.statuses.confirmed.id]);
    // The room stays on the meeting but no longer confirms it; its comment says why and what is still booked.
    await w.waitFor(async () => (await roomAnswer(ev.id, room(0).upn)) === "tentativelyAccepted");
    const zone = room(0).room.timeZone;
    const comment = en(await w.waitFor(() => logOf({ bookingId: b.id }, "answer")));
    expect(comment).toMatch(/^Tentative, with the comment: /);
    expect(comment).toContain(
      `Your change was not applied: ${room(0).room.name} is booked ${formatTimeRange(at(10, 13), at(10, 14), zone)}`,
    );
    expect(comment.endsWith(`The room stays booked ${formatRange(at(10, 9), at(10, 10), zone)}.`)).toBe(true);
    // Our answer's echo is not judged (and refused) a second time.
    await (w.sb.graph as SandboxGraphService).deliveriesIdle();
    await w.jobs.idle();
    expect(
      await w.t.db
        .select()
        .from(syncLog)
        .where(and(eq(syncLog.bookingId, b.id), eq(syncLog.outcome, "rejected"))),
    ).toHaveLength(1);

    await withSettings({ ignoreValidationOnUpdate: true }, async () => {
      await patch(ev.id, { start: gt(at(10, 13, 15)), end: gt(at(10, 14, 15)) });
      const forced = await w.waitFor(async () => {
        const r = await reread(b.id);
        return r.startAt.getTime() === at(10, 13, 15).getTime() ? r : null;
      });
      expect(forced.flags).toContain("validation:conflict");
      await w.waitFor(async () => (await roomAnswer(ev.id, room(0).upn)) === "accepted");
    });
  });

  it("with booking updates switched off an Outlook edit leaves the booking as it was", async () => {
    const { ev, b } = await settled("Frozen", at(11, 9), at(11, 10));
    await withSettings({ allowBookingUpdate: false }, async () => {
      await patch(ev.id, { subject: "Frozen (renamed)", start: gt(at(11, 11)), end: gt(at(11, 12)) });
      const entry = await w.waitFor(async () => {
        const e = await logOf({ bookingId: b.id }, "update");
        return e?.outcome === "skipped" ? e : null;
      });
      expect(en(entry)).toBe("Updates from Outlook are switched off.");
      await w.waitFor(async () => (await roomAnswer(ev.id, room(0).upn)) === "tentativelyAccepted");
    });
    const r = await reread(b.id);
    expect([r.title, r.startAt.toISOString()]).toEqual(["Frozen", at(11, 9).toISOString()]);
  });

  it("lock statuses: an update-locked booking ignores Outlook edits, a delete-locked one survives an Outlook cancel", async () => {
    const { ev, b } = await settled("Locked", at(12, 9), at(12, 10));
    await withSettings(
      { lockUpdateStatusIds: [w.statuses.confirmed.id], lockDeleteStatusIds: [w.statuses.confirmed.id] },
      async () => {
        await patch(ev.id, { start: gt(at(12, 11)), end: gt(at(12, 12)) });
        const entry = await w.waitFor(async () => {
          const e = await logOf({ bookingId: b.id }, "update");
          return e?.outcome === "skipped" ? e : null;
        });
        expect(en(entry)).toBe("The booking's status locks it against updates from Outlook.");
        expect((await reread(b.id)).startAt.toISOString()).toBe(at(12, 9).toISOString());

        await w.graph.api(`/users/${w.organizer}/events/${ev.id}`).delete();
        const cancel = await w.waitFor(async () => {
          const e = await logOf({ bookingId: b.id }, "cancel");
          return e ? e : null;
        });
        expect(cancel).toMatchObject({ outcome: "skipped" });
        expect(en(cancel)).toBe("The booking's status locks it against cancellation from Outlook.");
        expect((await reread(b.id)).statusId).toBe(w.statuses.confirmed.id);
      },
    );
  });

  it("an organizer who is a known customer gets the customer status and is linked as the customer", async () => {
    const [c] = await w.t.db
      .insert(customers)
      .values({ name: "Known Organizer", email: w.organizer.toUpperCase() })
      .returning();
    try {
      await withSettings({ inboundStatusWithCustomerId: w.statuses.option.id }, async () => {
        await book("Customer call", at(13, 9), at(13, 10), room(0).upn);
        const [b] = await booked(room(0).room.id, "Customer call");
        expect(b).toMatchObject({ statusId: w.statuses.option.id, customerId: c!.id });
      });
    } finally {
      await w.t.db.update(bookings).set({ customerId: null }).where(eq(bookings.customerId, c!.id));
      await w.t.db.delete(customers).where(eq(customers.id, c!.id));
    }
  });

  it("a room that replaces the subject with the organizer's name: booked under that name and flagged", async () => {
    const u = w.sb.directory.findUser(room(0).upn)!;
    // Exchange applies AddOrganizerToSubject / DeleteSubject only when the room auto-accepts.
    w.sb.directory.updateRoom(u.id, { autoAccept: true, addOrganizerToSubject: true, deleteSubject: true });
    try {
      const organizerName = w.sb.directory.findUser(w.organizer)!.displayName;
      await book("Secret strategy", at(15, 9), at(15, 10), room(0).upn);
      const [b] = await booked(room(0).room.id, organizerName);
      expect(b!.flags).toContain("subject_replaced");
    } finally {
      w.sb.directory.updateRoom(u.id, { autoAccept: false, addOrganizerToSubject: false, deleteSubject: false });
    }
  });

  it("privacy: the meeting's body never reaches the database", async () => {
    const started = new Date(Date.now() - 1000);
    const body = { contentType: "text", content: "Salary review for J. Jansen — confidential" };
    await book("Private chat", at(16, 9), at(16, 10), room(0).upn, { body });
    // Written straight into the room's calendar (a delegate, another tool): Exchange keeps the body
    // there, and delta returns whole events. The room organizes it, so there is nothing to answer.
    await w.graph
      .api(`/users/${room(0).upn}/events`)
      .post({ subject: "Direct entry", start: gt(at(16, 11)), end: gt(at(16, 12)), body });
    const [b] = await booked(room(0).room.id, "Private chat");
    const [direct] = await booked(room(0).room.id, "Direct entry");
    await reconcileIntegration(w.integrationId);
    await w.jobs.idle();
    const ids = [b!.id, direct!.id];
    const rows = await w.t.db.select().from(bookings).where(inArray(bookings.id, ids));
    const audit = await w.t.db.select().from(auditLog).where(inArray(auditLog.entityId, ids));
    const logs = await w.t.db.select().from(syncLog).where(eq(syncLog.integrationId, w.integrationId));
    const queued = await w.t.db.select().from(jobs);
    expect(JSON.stringify([rows, audit, logs, queued])).not.toContain("Salary review");
    expect(rows.map((r) => r.notes)).toEqual([null, null]);
    // Nothing failed on the way (answering an event the room organizes itself would).
    expect(queued.filter((j) => j.createdAt >= started && (j.state === "dead" || j.lastError))).toEqual([]);
  });

  it("a series moved in Outlook moves every future occurrence; deleted, its future occurrences are cancelled", async () => {
    // Every other day, four times: two meetings already held, two to come.
    const first = at(-3, 8);
    const ev = await book("Standup", first, at(-3, 9), room(1).upn, {
      recurrence: {
        pattern: { type: "daily", interval: 2 },
        range: {
          type: "numbered",
          startDate: first.toISOString().slice(0, 10),
          numberOfOccurrences: 4,
          recurrenceTimeZone: "UTC",
        },
      },
    });
    const series = await booked(room(1).room.id, "Standup", 4);
    await w.waitFor(async () => (await roomAnswer(ev.id, room(1).upn)) === "accepted");
    await w.jobs.idle();
    const hours = async () => (await live(room(1).room.id, "Standup")).map((b) => b.startAt.getUTCHours());
    // Onto a slot another meeting holds (the next occurrence): refused, every occurrence stays put.
    await settled("Series blocker", at(1, 12), at(1, 13), 1);
    await patch(ev.id, { start: gt(at(-3, 12)), end: gt(at(-3, 13)) });
    const refused = await w.waitFor(async () => {
      const e = await logOf({ mailbox: room(1).upn }, "update-series");
      return e?.outcome === "rejected" ? e : null;
    });
    expect(en(refused)).toMatch(/^Change refused, original times kept: /);
    await w.waitFor(async () => (await roomAnswer(ev.id, room(1).upn)) === "tentativelyAccepted");
    expect(await hours()).toEqual([8, 8, 8, 8]);

    await patch(ev.id, { start: gt(at(-3, 10)), end: gt(at(-3, 11, 30)) });
    const moved = await w.waitFor(async () => {
      const r = await live(room(1).room.id, "Standup");
      return r.filter((b) => b.startAt.getUTCHours() === 10).length === 2 ? r : null;
    });
    // The meetings already held keep their time; the future ones move, as one series with the same bookings.
    expect(moved.map((b) => [b.startAt.getUTCHours(), (b.endAt.getTime() - b.startAt.getTime()) / 60_000])).toEqual([
      [8, 60],
      [8, 60],
      [10, 90],
      [10, 90],
    ]);
    expect(moved.map((b) => b.id)).toEqual(series.map((b) => b.id));
    await w.waitFor(async () => (await roomAnswer(ev.id, room(1).upn)) === "accepted");

    await w.graph.api(`/users/${w.organizer}/events/${ev.id}`).delete();
    await w.waitFor(async () => (await live(room(1).room.id, "Standup")).length === 2);
    expect((await live(room(1).room.id, "Standup")).map((b) => b.id)).toEqual(series.slice(0, 2).map((b) => b.id));
  });

  it("lock statuses hold per occurrence: one locked occurrence keeps a series from moving and from being cancelled", async () => {
    const first = at(40, 14);
    const ev = await book("Board series", first, at(40, 15), room(1).upn, {
      recurrence: weekly(first, { type: "numbered", numberOfOccurrences: 3 }),
    });
    const series = await booked(room(1).room.id, "Board series", 3);
    await w.waitFor(async () => (await roomAnswer(ev.id, room(1).upn)) === "accepted");
    await w.jobs.idle();
    // An administrator put the second meeting on option.
    await w.t.db.update(bookings).set({ statusId: w.statuses.option.id }).where(eq(bookings.id, series[1]!.id));
    await withSettings(
      { lockUpdateStatusIds: [w.statuses.option.id], lockDeleteStatusIds: [w.statuses.option.id] },
      async () => {
        await patch(ev.id, { start: gt(at(40, 16)), end: gt(at(40, 17)) });
        const skipped = await w.waitFor(async () => {
          const e = await logOf({ mailbox: room(1).upn }, "update-series");
          return e?.outcome === "skipped" ? e : null;
        });
        expect(en(skipped)).toBe("The booking's status locks it against updates from Outlook.");
        await w.waitFor(async () => (await roomAnswer(ev.id, room(1).upn)) === "tentativelyAccepted");
        expect((await live(room(1).room.id, "Board series")).map((b) => b.startAt.getTime())).toEqual(
          series.map((b) => b.startAt.getTime()),
        );

        await w.graph.api(`/users/${w.organizer}/events/${ev.id}`).delete();
        const left = await w.waitFor(async () => {
          const r = await live(room(1).room.id, "Board series");
          return r.length === 1 ? r : null;
        });
        expect(left.map((b) => b.id)).toEqual([series[1]!.id]);
      },
    );
  });

  it("a series without an end date is booked up to the lookahead window and the group says so", async () => {
    const first = at(22, 15);
    await book("Forever", first, at(22, 16), room(1).upn, { recurrence: weekly(first, { type: "noEnd" }) });
    const rows = await w.waitFor(async () => {
      const r = await live(room(1).room.id, "Forever");
      return r.length > 10 ? r : null;
    });
    const last = rows[rows.length - 1]!;
    expect(last.startAt.getTime()).toBeLessThan(first.getTime() + 181 * 86_400_000);
    const [g] = await w.t.db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, last.recurrenceGroupId!));
    expect(g!.truncatedAt).not.toBeNull();
    expect(truncationText(g!, "en")).toMatch(/no end date; occurrences are booked 180 days ahead/);
    expect(truncationText(g!, "nl")).toMatch(/geen einddatum; datums zijn 180 dagen vooruit geboekt/);
  });

  it("a change queued for an integration that was deactivated meanwhile is not applied", async () => {
    await w.jobs.stop();
    await book("After deactivation", at(19, 9), at(19, 10), room(0).upn);
    await withSettings({ state: "connected", activatedAt: null }, async () => {
      w.jobs = startSyncJobs({ pollMs: 100 });
      const skipped = await w.waitFor(async () => {
        const e = await logOf({ mailbox: room(0).upn }, "event");
        return e && en(e).includes("not active") ? e : null;
      });
      expect(skipped.outcome).toBe("skipped");
      await w.jobs.idle();
      expect(await live(room(0).room.id, "After deactivation")).toEqual([]);
    });
  });

  it("lifecycle: subscriptionRemoved recreates the subscription and catches up; reauthorizationRequired renews", async () => {
    // The sandbox's control API: Graph sends the lifecycle notification as it would on its own.
    const sendLifecycle = async (subscriptionId: string, lifecycleEvent: string) => {
      const r = await w.sb.http.fetch(`${w.sb.authorityHost}/ui/api/lifecycle`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ subscriptionId, lifecycleEvent }),
      });
      expect(r.status).toBe(202);
    };
    const subOf = async (upn: string) =>
      (await w.t.db.select().from(subscriptions).where(eq(subscriptions.mailbox, upn)))[0]!;
    const old = await subOf(room(0).upn);
    // Hold the worker so the meeting below is made while the room has no subscription.
    await w.jobs.stop();
    await sendLifecycle(old.graphId, "subscriptionRemoved");
    await book("While unsubscribed", at(17, 9), at(17, 10), room(0).upn);
    w.jobs = startSyncJobs({ pollMs: 100 });
    const renewed = await w.waitFor(async () => {
      const s = await subOf(room(0).upn);
      return s && s.graphId !== old.graphId ? s : null;
    });
    await booked(room(0).room.id, "While unsubscribed");
    expect(await w.graph.api(`/subscriptions/${renewed.graphId}`).get()).toMatchObject({ id: renewed.graphId });

    const before = renewed.lastRenewedAt?.getTime() ?? 0;
    await sendLifecycle(renewed.graphId, "reauthorizationRequired");
    await w.waitFor(async () => ((await subOf(room(0).upn)).lastRenewedAt?.getTime() ?? 0) > before);
    expect(await logOf({ mailbox: room(0).upn }, "reauthorize")).toMatchObject({ outcome: "ok" });
  });
});
