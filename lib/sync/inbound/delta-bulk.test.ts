// Meetings that reach Roomlink only through delta (notifications lost) are applied in bulk
// (delta-create.ts): the same bookings, links, audit and room answers as the notification path, the
// same refusals (conflicts inside the batch and with Roomlink's bookings, policies), exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { auditLog, bookings, customers, eventLinks, integrations, syncLog, type Booking } from "@/db/schema";
import type { SandboxGraphService } from "@/lib/sandbox/graph";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { reconcileIntegration } from "@/lib/sync/reconcile/reconcile";
import { at, gt, type Ev } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";
import { syncLogText } from "@/lib/i18n/sync-log";

describe.each(testDbKinds)("new meetings found by delta are booked in bulk like notified ones (%s)", (kind) => {
  let w: SyncWorld;
  let graph: SandboxGraphService;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    graph = w.sb.graph as SandboxGraphService;
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const book = (organizer: string, subject: string, start: Date, end: Date, roomUpn: string) =>
    w.graph.api(`/users/${organizer}/events`).post({
      subject,
      start: gt(start),
      end: gt(end),
      attendees: [
        { type: "required", emailAddress: { address: "guest@example.com" } },
        { type: "resource", emailAddress: { address: roomUpn } },
      ],
    }) as Promise<Ev>;
  const roomAnswer = async (organizer: string, id: string, upn: string) =>
    ((await w.graph.api(`/users/${organizer}/events/${id}`).get()) as Ev).attendees.find(
      (a) => a.emailAddress.address.toLowerCase() === upn.toLowerCase(),
    )?.status?.response;
  const live = async (roomId: string) =>
    (await w.bookingsOf(roomId)).filter((b) => b.statusId !== w.statuses.cancelled.id);
  const comparable = (b: Booking) => ({
    statusId: b.statusId,
    source: b.source,
    organizerEmail: b.organizerEmail,
    attendeeCount: b.attendeeCount,
    notes: b.notes,
    flags: b.flags,
    customerId: b.customerId,
    customFieldKeys: Object.keys(b.customFields ?? {}).sort(),
    version: b.version,
    createdBy: b.createdBy,
  });

  it("books what fits, declines clashes and policy breaches with the reason, and applies each meeting once", async () => {
    const [r0, r1] = [w.rooms[0]!, w.rooms[1]!];
    const other = w.sb.directory
      .users()
      .find((u) => u.kind === "user" && u.userPrincipalName !== w.organizer)!.userPrincipalName;
    const [customer] = await w.t.db
      .insert(customers)
      .values({ name: "Delta Customer", email: other.toUpperCase() })
      .returning();
    await w.t.db
      .update(integrations)
      .set({ inboundStatusWithCustomerId: w.statuses.option.id })
      .where(eq(integrations.id, w.integrationId));

    // The reference: a meeting that arrives by notification, processed one by one.
    await book(w.organizer, "Twin", at(2, 9), at(2, 10), r1.upn);
    const [refBooking] = await w.waitFor(async () => {
      const r = (await live(r1.room.id)).filter((b) => b.title === "Twin");
      return r.length ? r : null;
    });

    // Everything else reaches Outlook while every notification is lost and no worker runs (no
    // scheduled reconcile either: the one below is the only way in).
    await w.jobs.stop();
    graph.setFaults({ dropNotificationsRate: 1 });
    let twin: Ev, a: Ev, b: Ev, clash: Ev, long: Ev, cust: Ev;
    try {
      twin = await book(w.organizer, "Twin", at(2, 9), at(2, 10), r0.upn);
      a = await book(w.organizer, "Bulk A", at(3, 9), at(3, 10), r0.upn);
      b = await book(w.organizer, "Bulk B", at(3, 11), at(3, 12), r0.upn);
      clash = await book(w.organizer, "Bulk clash", at(3, 11, 30), at(3, 12, 30), r0.upn); // overlaps B, found in the same page
      long = await book(w.organizer, "Bulk too long", at(4, 8), at(4, 16), r0.upn); // the room's maximum is 240 minutes
      cust = await book(other, "Bulk customer", at(5, 9), at(5, 10), r0.upn);
      await graph.deliveriesIdle();
    } finally {
      graph.setFaults({ dropNotificationsRate: 0 });
    }
    expect(await live(r0.room.id)).toHaveLength(0);

    const r = await reconcileIntegration(w.integrationId);
    expect(r.errors).toBe(0);
    const booked = await live(r0.room.id);
    expect(booked.map((x) => x.title).sort()).toEqual(["Bulk A", "Bulk B", "Bulk customer", "Twin"]);

    // The rooms' answers, as the organizers see them in Outlook.
    for (const ev of [twin, a, b]) expect(await roomAnswer(w.organizer, ev.id, r0.upn)).toBe("accepted");
    expect(await roomAnswer(other, cust.id, r0.upn)).toBe("accepted");
    expect(await roomAnswer(w.organizer, clash.id, r0.upn)).toBe("declined");
    expect(await roomAnswer(w.organizer, long.id, r0.upn)).toBe("declined");
    const refusals = await w.t.db
      .select()
      .from(syncLog)
      .where(
        and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.mailbox, r0.upn), eq(syncLog.outcome, "rejected")),
      );
    // The reasons the organizers read: the clash names the meeting it clashes with (Bulk B, booked first).
    expect(refusals.map((x) => syncLogText(x, "en")).sort()).toEqual([
      expect.stringMatching(/^The maximum duration .* is 4 h/),
      expect.stringMatching(/ is booked \d\d:\d\d–\d\d:\d\d .* by /),
    ]);
    // Stored as codes: a Dutch-speaking admin reads the same refusals in Dutch.
    expect(refusals.map((x) => syncLogText(x, "nl"))).toContainEqual(
      expect.stringMatching(/^De maximale duur voor .* is 4 uur/),
    );

    // The customer's meeting: the customer status and the customer linked.
    expect(booked.find((x) => x.title === "Bulk customer")).toMatchObject({
      statusId: w.statuses.option.id,
      customerId: customer!.id,
    });

    // The delta twin is the notified one's equal: booking fields, link, audit entry.
    const twinBooking = booked.find((x) => x.title === "Twin")!;
    expect(comparable(twinBooking)).toEqual(comparable(refBooking!));
    const links = await w.t.db
      .select()
      .from(eventLinks)
      .where(inArray(eventLinks.bookingId, [twinBooking.id, refBooking!.id]));
    expect(links).toHaveLength(2);
    // The booking-id field holds the room calendar's event id, as the link does.
    const field = Object.keys(refBooking!.customFields ?? {})[0]!;
    for (const l of links)
      expect(l.bookingId === twinBooking.id ? twinBooking.customFields : refBooking!.customFields).toMatchObject({
        [field]: l.eventId,
      });
    expect(links.every((l) => l.seenChangeKey && !l.writtenChangeKey)).toBe(true);
    const audits = await w.t.db
      .select()
      .from(auditLog)
      .where(inArray(auditLog.entityId, [twinBooking.id, refBooking!.id]));
    expect(audits.map((x) => [x.entityId === twinBooking.id ? "twin" : "ref", x.action, x.actor]).sort()).toEqual([
      ["ref", "created", "system:sync"],
      ["twin", "created", "system:sync"],
    ]);

    // Again, and with the lost notifications' jobs running too: nothing new.
    const again = await reconcileIntegration(w.integrationId);
    expect(again).toMatchObject({ errors: 0, changes: 0 });
    expect((await live(r0.room.id)).map((x) => x.id).sort()).toEqual(booked.map((x) => x.id).sort());
    const perEvent = await w.t.db.select().from(eventLinks).where(eq(eventLinks.mailbox, r0.upn));
    expect(new Set(perEvent.map((l) => l.eventId)).size).toBe(perEvent.length);
    expect(
      await w.t.db
        .select()
        .from(bookings)
        .where(inArray(bookings.title, ["Bulk clash", "Bulk too long"])),
    ).toHaveLength(0);

    // Outlook edits that reach Roomlink only through delta are applied; the rooms' own answers
    // (new changeKeys, same content) were not mistaken for edits above, and edits are not mistaken for answers.
    graph.setFaults({ dropNotificationsRate: 1 });
    try {
      await w.graph.api(`/users/${w.organizer}/events/${a.id}`).patch({ start: gt(at(6, 14)), end: gt(at(6, 15)) });
      await w.graph.api(`/users/${w.organizer}/events/${b.id}`).patch({ subject: "Bulk B (renamed)" });
      await graph.deliveriesIdle();
    } finally {
      graph.setFaults({ dropNotificationsRate: 0 });
    }
    const edited = await reconcileIntegration(w.integrationId);
    expect(edited).toMatchObject({ errors: 0, changes: 2 });
    const after = await live(r0.room.id);
    expect(after.find((x) => x.id === booked.find((y) => y.title === "Bulk A")!.id)!.startAt.toISOString()).toBe(
      at(6, 14).toISOString(),
    );
    expect(after.map((x) => x.title).sort()).toEqual(["Bulk A", "Bulk B (renamed)", "Bulk customer", "Twin"]);
  });
});
