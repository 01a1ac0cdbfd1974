// Delegated mode against the sandbox, through our webhook routes, queue and the real SDKs: Roomlink
// bookings become events in the service account's calendar (inviting the room), Outlook meetings
// there become bookings, echoes are suppressed, and token faults end in a refresh or a re-consent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings, customers, eventLinks, integrations, jobs, outbox, problems, syncLog } from "@/db/schema";
import { startSyncJobs } from "@/lib/sync/register";
import { cancelBooking, changeBookingStatus, createBooking, updateBooking } from "@/lib/bookings/service";
import { makeRoom } from "@/lib/bookings/test-fixtures";
import { must } from "@/lib/invariant";
import { env } from "@/lib/env";
import { IMMUTABLE_ID } from "@/lib/graph";
import { startTestSmtp, type TestSmtp } from "@/lib/mail/test-smtp";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { BOOKING_PROP_EXPAND, ourBookingId } from "@/lib/sync/booking-property";
import { bookingOutlookStatus } from "@/lib/sync/outbound/status";
import { JOB_OUTBOUND } from "@/lib/sync/jobs";
import { reconcileIntegration } from "@/lib/sync/reconcile/reconcile";
import { at, gt, type Attendee } from "./test-events";
import { delegatedSyncWorld, type DelegatedSyncWorld } from "./test-world";
import { syncLogText } from "@/lib/i18n/sync-log";

type CalendarEvent = {
  id: string;
  subject: string;
  iCalUId: string;
  start: { dateTime: string };
  attendees: Attendee[];
  location?: { displayName?: string; locationEmailAddress?: string };
  onlineMeeting?: { joinUrl?: string } | null;
  singleValueExtendedProperties?: { id: string; value: string }[];
};

describe.each(testDbKinds)("delegated sync against the sandbox (%s)", (kind) => {
  let w: DelegatedSyncWorld;
  let smtp: TestSmtp;
  const savedSmtp = env.SMTP_URL;
  beforeAll(async () => {
    // Problem e-mails go out from the job runner, which reads SMTP_URL.
    smtp = await startTestSmtp();
    (env as { SMTP_URL?: string }).SMTP_URL = smtp.url;
    w = await delegatedSyncWorld(kind, { notify, lifecycle });
    await w.t.db
      .update(integrations)
      .set({ createTeamsLink: true, useCustomerData: true, problemEmail: "facilities@contoso.test" })
      .where(eq(integrations.id, w.integrationId));
  }, 60_000);
  afterAll(async () => {
    await w?.close();
    (env as { SMTP_URL?: string }).SMTP_URL = savedSmtp;
    await smtp?.close();
  });

  const actor = () => ({ id: w.admin.id, name: w.admin.name });
  const calendar = () => `/users/${w.serviceAccount}/events`;
  /** The event as the service account sees it in Outlook, or null once deleted. */
  const accountEvent = async (id: string) => {
    try {
      return (await w.graph.api(`${calendar()}/${id}`).expand(BOOKING_PROP_EXPAND).get()) as CalendarEvent;
    } catch {
      return null;
    }
  };
  /** The room's own calendar copy of an event (Exchange books the invited room itself). */
  const roomCopy = async (upn: string, iCalUId: string) => {
    const win = `startDateTime=${at(0, 0).toISOString()}&endDateTime=${at(40, 0).toISOString()}`;
    const r = (await w.graph.api(`/users/${upn}/calendarView?${win}`).get()) as { value: CalendarEvent[] };
    return r.value.find((e) => e.iCalUId === iCalUId) ?? null;
  };
  const booking = async (id: string) => (await w.t.db.select().from(bookings).where(eq(bookings.id, id)))[0]!;
  const eventIdOf = (id: string) => w.waitFor(async () => (await booking(id)).customFields.external_id);
  const book = async (
    roomId: string,
    title: string,
    day: number,
    hour: number,
    extra: { customerId?: string; statusId?: string } = {},
  ) =>
    (
      await createBooking(
        {
          roomId,
          title,
          statusId: extra.statusId ?? w.statuses.confirmed.id,
          customerId: extra.customerId,
          startAt: at(day, hour),
          endAt: at(day, hour + 1),
        },
        { actor: actor() },
      )
    ).bookings[0]!;
  const atTime = (ev: CalendarEvent | null, d: Date) =>
    ev?.start.dateTime.startsWith(d.toISOString().slice(0, 16)) ?? false;

  it("a Roomlink booking becomes an event in the service account's calendar that invites the room, with Teams link and customer; it moves and goes with the booking", async () => {
    const [customer] = await w.t.db
      .insert(customers)
      .values({ name: "Carla Customer", email: "carla@example.com" })
      .returning();
    const b = await book(w.mapped.room.id, "Customer demo", 2, 10, { customerId: customer!.id });
    const eventId = await eventIdOf(b.id);
    const ev = (await accountEvent(eventId))!;
    expect(ev.subject).toBe("Customer demo");
    expect(ourBookingId(ev)).toBe(b.id);
    expect(ev.location).toMatchObject({ displayName: w.mapped.room.name, locationEmailAddress: w.mapped.upn });
    const attendee = (address: string) =>
      ev.attendees.find((a) => a.emailAddress.address.toLowerCase() === address.toLowerCase());
    expect(attendee(w.mapped.upn)).toMatchObject({ type: "resource", status: { response: "accepted" } });
    expect(attendee("carla@example.com")).toMatchObject({ type: "required" });
    const withLink = await booking(b.id);
    expect(withLink.customFields.teams_link).toBeTruthy();
    expect(withLink.customFields.teams_link).toBe(ev.onlineMeeting?.joinUrl);
    const [link] = await w.t.db.select().from(eventLinks).where(eq(eventLinks.bookingId, b.id));
    expect(link).toMatchObject({
      integrationId: w.integrationId,
      mailbox: "me",
      eventId,
      writtenChangeKey: expect.any(String) as unknown,
    });
    // Exchange booked the room's own calendar from the invitation.
    expect(await roomCopy(w.mapped.upn, ev.iCalUId)).toMatchObject({ subject: "Customer demo" });

    await updateBooking({ id: b.id, patch: { startAt: at(2, 13), endAt: at(2, 14) } }, { actor: actor() });
    await w.waitFor(async () => atTime(await accountEvent(eventId), at(2, 13)));
    await w.waitFor(async () => atTime(await roomCopy(w.mapped.upn, ev.iCalUId), at(2, 13)));

    await cancelBooking({ id: b.id }, { actor: actor() });
    await w.waitFor(async () => (await accountEvent(eventId)) === null);
    await w.jobs.idle(); // the link is forgotten after Graph confirms the delete
    // RemoveCanceledMeetings $false (Exchange's default): the room's copy stays, marked cancelled.
    expect(await roomCopy(w.mapped.upn, ev.iCalUId)).toMatchObject({
      isCancelled: true,
      subject: "Canceled: Customer demo",
    });
    expect(await w.t.db.select().from(eventLinks).where(eq(eventLinks.bookingId, b.id))).toHaveLength(0);
    expect((await booking(b.id)).statusId).toBe(w.statuses.cancelled.id);
  });

  it("a Roomlink series becomes one recurring meeting that invites the room once; a cancelled date leaves the room's calendar too", async () => {
    const first = at(14, 8);
    const { bookings: made } = await createBooking(
      {
        roomId: w.mapped.room.id,
        title: "Weekly ops",
        statusId: w.statuses.confirmed.id,
        startAt: first,
        endAt: new Date(first.getTime() + 3600_000),
        recurrence: { frequency: "weekly", interval: 1, weekdays: [((first.getUTCDay() + 6) % 7) + 1], count: 3 },
      },
      { actor: actor() },
    );
    const ids = await Promise.all(made.map((b) => eventIdOf(b.id)));
    const occ = (await accountEvent(ids[0]!)) as CalendarEvent & { seriesMasterId: string; type: string };
    expect(occ.type).toBe("occurrence");
    const master = (await accountEvent(occ.seriesMasterId)) as CalendarEvent & { type: string };
    expect(master.type).toBe("seriesMaster");
    expect(master.attendees.find((a) => a.type === "resource")).toMatchObject({
      emailAddress: { address: w.mapped.upn },
      status: { response: "accepted" },
    });
    const inRoom = async () => {
      const win = `startDateTime=${at(13, 0).toISOString()}&endDateTime=${at(40, 0).toISOString()}`;
      return (
        (await w.graph.api(`/users/${w.mapped.upn}/calendarView?${win}`).get()) as {
          value: (CalendarEvent & { type: string })[];
        }
      ).value.filter((e) => e.subject === "Weekly ops" && !(e as { isCancelled?: boolean }).isCancelled); // occurrences have their own iCalUId; a cancelled date stays, marked cancelled
    };
    expect((await inRoom()).map((e) => e.type)).toEqual(["occurrence", "occurrence", "occurrence"]);
    // The booking page names the service account's calendar, not "me".
    expect((await bookingOutlookStatus(made[0]!.id))[0]?.state).toMatchObject({
      kind: "written",
      mailbox: w.serviceAccount,
      series: true,
    });
    await cancelBooking({ id: made[1]!.id }, { actor: actor() });
    await w.waitFor(async () => (await inRoom()).length === 2);
    expect((await inRoom()).map((e) => new Date(`${e.start.dateTime.replace(/Z$/, "")}Z`).getTime())).toEqual([
      made[0]!.startAt.getTime(),
      made[2]!.startAt.getTime(),
    ]);

    // Every occurrence two hours later: one update of the series, which the room accepts again; the cancelled date stays out.
    await updateBooking(
      { id: made[0]!.id, scope: "all", patch: { startAt: at(14, 10), endAt: at(14, 11) } },
      { actor: actor() },
    );
    const later = [at(14, 10), at(28, 10)].map((d) => d.getTime());
    await w.waitFor(async () => {
      const r = await inRoom();
      return (
        r.length === 2 &&
        r.map((e) => new Date(`${e.start.dateTime.replace(/Z$/, "")}Z`).getTime()).join() === later.join()
      );
    });
    await w.jobs.idle();
    const movedMaster = (await accountEvent(occ.seriesMasterId))!;
    expect(movedMaster.attendees.find((a) => a.type === "resource")?.status?.response).toBe("accepted");
    const updates = (await w.t.db.select().from(syncLog).where(eq(syncLog.integrationId, w.integrationId))).filter(
      (l) => made.some((b) => b.id === l.bookingId) && ["update", "update-series"].includes(l.action),
    );
    expect(updates.map((l) => l.action)).toEqual(["update-series"]);
  });

  it("an option is written once confirmed; without a room mailbox the room is the location only (and the log says why); moving rooms re-invites or removes", async () => {
    const b = await book(w.inboundRoom.id, "Option first", 3, 9, { statusId: w.statuses.option.id });
    await w.jobs.idle();
    expect((await booking(b.id)).customFields.external_id).toBeUndefined();
    await changeBookingStatus({ id: b.id, statusId: w.statuses.confirmed.id }, { actor: actor() });
    const eventId = await eventIdOf(b.id);
    const ev = (await accountEvent(eventId))!;
    expect(ev.location?.displayName).toBe(w.inboundRoom.name);
    expect(ev.attendees.filter((a) => a.type === "resource")).toEqual([]);
    const [created] = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.bookingId, b.id), eq(syncLog.direction, "outbound"), eq(syncLog.action, "create")));
    expect(created && syncLogText(created, "en")).toBe(
      `No room mailbox is mapped to “${w.inboundRoom.name}” in this integration: the event names the room as its location only, so the room's own Outlook calendar is not booked.`,
    );

    // Into the mapped room: the same event now invites its mailbox.
    await updateBooking({ id: b.id, patch: { roomId: w.mapped.room.id } }, { actor: actor() });
    const invited = await w.waitFor(async () => {
      const e = await accountEvent(eventId);
      return e?.attendees.some(
        (a) => a.type === "resource" && a.emailAddress.address.toLowerCase() === w.mapped.upn.toLowerCase(),
      )
        ? e
        : null;
    });
    expect(invited.location?.displayName).toBe(w.mapped.room.name);

    // Into a room this integration does not cover: its event leaves the calendar.
    const elsewhere = must(await makeRoom(w.t.db, { capacity: 10, policy: { maxDurationMinutes: 240 } }), "new room");
    await updateBooking({ id: b.id, patch: { roomId: elsewhere.id } }, { actor: actor() });
    await w.waitFor(async () => (await accountEvent(eventId)) === null);
    await w.jobs.idle(); // the link is forgotten after Graph confirms the delete
    expect(await w.t.db.select().from(eventLinks).where(eq(eventLinks.bookingId, b.id))).toHaveLength(0);
    const gone = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.bookingId, b.id), eq(syncLog.direction, "outbound"), eq(syncLog.action, "delete")));
    expect(gone.map((l) => [syncLogText(l, "en"), syncLogText(l, "nl")])).toEqual([
      ["The booking moved to another room.", "De reservering is naar een andere ruimte verplaatst."],
    ]);
  });

  it("our own writes come back as notifications and are suppressed (no second booking, no inbound change)", async () => {
    const b = await book(w.inboundRoom.id, "Echo check", 4, 9);
    const eventId = await eventIdOf(b.id);
    await updateBooking({ id: b.id, patch: { title: "Echo check 2" } }, { actor: actor() });
    await w.waitFor(async () => (await accountEvent(eventId))?.subject === "Echo check 2");
    await new Promise((r) => setTimeout(r, 500));
    await w.jobs.idle();
    const inbound = await w.t.db
      .select()
      .from(syncLog)
      .where(
        and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.direction, "inbound"), eq(syncLog.eventId, eventId)),
      );
    expect(inbound.filter((l) => l.outcome === "ok")).toEqual([]);
    expect((await w.bookingsOf(w.inboundRoom.id)).filter((x) => x.title.startsWith("Echo check"))).toHaveLength(1);
    expect((await booking(b.id)).title).toBe("Echo check 2");
  });

  it("a meeting in the service account's calendar becomes a booking in the inbound room; edits move it, cancelling cancels it", async () => {
    const live = async (title: string) =>
      (await w.bookingsOf(w.inboundRoom.id)).filter((x) => x.title === title && x.statusId !== w.statuses.cancelled.id);
    const ev = (await w.graph
      .api(calendar())
      .header("Prefer", IMMUTABLE_ID)
      .post({
        subject: "Team lunch",
        start: gt(at(5, 11)),
        end: gt(at(5, 12)),
        attendees: [{ type: "required", emailAddress: { address: "guest@example.com", name: "Guest" } }],
      })) as CalendarEvent;
    const [b] = await w.waitFor(async () => {
      const r = await live("Team lunch");
      return r.length ? r : null;
    });
    expect(b).toMatchObject({
      statusId: w.statuses.confirmed.id,
      source: "outlook",
      organizerEmail: w.serviceAccount,
      attendeeCount: 2,
    });
    expect([b!.startAt.toISOString(), b!.endAt.toISOString()]).toEqual([
      at(5, 11).toISOString(),
      at(5, 12).toISOString(),
    ]);
    expect(b!.customFields.external_id).toBe(ev.id);

    await w.graph
      .api(`${calendar()}/${ev.id}`)
      .patch({ subject: "Team lunch (later)", start: gt(at(5, 13)), end: gt(at(5, 14)) });
    const moved = await w.waitFor(async () => {
      const r = await booking(b!.id);
      return r.title === "Team lunch (later)" ? r : null;
    });
    expect(moved.startAt.toISOString()).toBe(at(5, 13).toISOString());

    await w.graph.api(`${calendar()}/${ev.id}`).delete();
    await w.waitFor(async () => (await booking(b!.id)).statusId === w.statuses.cancelled.id);
    // Nothing travels back: the booking made in Outlook is not written to the calendar again.
    await w.jobs.idle();
    const events = (await w.graph.api(calendar()).top(100).get()) as { value: CalendarEvent[] };
    expect(events.value.filter((e) => e.subject.startsWith("Team lunch"))).toEqual([]);
  });

  it("an invitation to the service account is answered as a room would: accepted, a clash declined with why, tentative until approved", async () => {
    const organizer = w.sb.directory
      .users()
      .find((u) => u.kind === "user" && u.userPrincipalName !== w.serviceAccount)!.userPrincipalName;
    const invite = (subject: string, start: Date, end: Date) =>
      w.graph.api(`/users/${organizer}/events`).post({
        subject,
        start: gt(start),
        end: gt(end),
        attendees: [{ type: "required", emailAddress: { address: w.serviceAccount } }],
      }) as Promise<CalendarEvent>;
    const answerOf = async (id: string) =>
      ((await w.graph.api(`/users/${organizer}/events/${id}`).get()) as CalendarEvent).attendees.find(
        (a) => a.emailAddress.address.toLowerCase() === w.serviceAccount.toLowerCase(),
      )?.status?.response;
    const live = async (title: string) =>
      (await w.bookingsOf(w.inboundRoom.id)).filter((x) => x.title === title && x.statusId !== w.statuses.cancelled.id);

    const ok = await invite("Invited lunch", at(9, 11), at(9, 12));
    await w.waitFor(async () => (await live("Invited lunch")).length === 1);
    await w.waitFor(async () => (await answerOf(ok.id)) === "accepted");
    // Moved by its organizer, the invitation is a new request (the earlier answer no longer stands): booked
    // at the new time and accepted again.
    await w.graph.api(`/users/${organizer}/events/${ok.id}`).patch({ start: gt(at(9, 14)), end: gt(at(9, 15)) });
    await w.waitFor(async () => (await live("Invited lunch"))[0]?.startAt.getTime() === at(9, 14).getTime());
    await w.waitFor(async () => (await answerOf(ok.id)) === "accepted");
    await w.graph.api(`/users/${organizer}/events/${ok.id}`).patch({ start: gt(at(9, 11)), end: gt(at(9, 12)) });
    await w.waitFor(async () => (await live("Invited lunch"))[0]?.startAt.getTime() === at(9, 11).getTime());
    await w.waitFor(async () => (await answerOf(ok.id)) === "accepted");

    const clash = await invite("Invited clash", at(9, 11), at(9, 12));
    await w.waitFor(async () => (await answerOf(clash.id)) === "declined");
    expect(await live("Invited clash")).toEqual([]);
    const [refusal] = await w.t.db
      .select()
      .from(syncLog)
      .where(
        and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.action, "create"), eq(syncLog.outcome, "rejected")),
      );
    expect(refusal && syncLogText(refusal, "en")).toMatch(/is booked .* by /);

    await w.setPolicy(w.inboundRoom.id, { requiresApproval: true });
    try {
      const ask = await invite("Invited board", at(10, 9), at(10, 10));
      const [b] = await w.waitFor(async () => {
        const r = await live("Invited board");
        return r.length ? r : null;
      });
      expect(b!.statusId).toBe(w.statuses.request.id);
      await w.waitFor(async () => (await answerOf(ask.id)) === "tentativelyAccepted");
      await changeBookingStatus({ id: b!.id, statusId: w.statuses.confirmed.id }, { actor: actor() });
      await w.waitFor(async () => (await answerOf(ask.id)) === "accepted");
      // Approved in Roomlink, not written back as a second event in the account's calendar.
      await w.jobs.idle();
      const events = (await w.graph.api(calendar()).top(100).get()) as { value: CalendarEvent[] };
      expect(events.value.filter((e) => e.subject === "Invited board")).toHaveLength(1);
    } finally {
      await w.setPolicy(w.inboundRoom.id, { requiresApproval: false });
    }
  });

  it("reconcile repairs outbound work that was lost: a booking never written is written, a cancelled one's event removed", async () => {
    // Lost: the outbox row and the job gone (a database restored from before them, say).
    const lose = async () => {
      await w.t.db.delete(outbox);
      await w.t.db.delete(jobs).where(eq(jobs.name, JOB_OUTBOUND));
    };
    await w.jobs.stop();
    const b = await book(w.mapped.room.id, "Lost write", 11, 9);
    await lose();
    w.jobs = startSyncJobs({ pollMs: 100 });
    await w.jobs.idle();
    expect((await booking(b.id)).customFields.external_id).toBeUndefined();

    expect((await reconcileIntegration(w.integrationId)).pushed).toBe(1);
    const eventId = await eventIdOf(b.id);
    const ev = (await accountEvent(eventId))!;
    expect(ev.attendees.find((a) => a.type === "resource")?.emailAddress.address).toBe(w.mapped.upn);

    await w.jobs.stop();
    await cancelBooking({ id: b.id }, { actor: actor() });
    await lose();
    w.jobs = startSyncJobs({ pollMs: 100 });
    await w.jobs.idle();
    expect(await accountEvent(eventId)).not.toBeNull();
    expect((await reconcileIntegration(w.integrationId)).pushed).toBe(1);
    await w.waitFor(async () => (await accountEvent(eventId)) === null);
    // Repaired: the next round finds nothing to push.
    await w.jobs.idle();
    expect((await reconcileIntegration(w.integrationId)).pushed).toBe(0);

    // A write that failed for good waits on diagnostics for a retry: reconcile does not pile up more.
    await w.jobs.stop();
    const failed = await book(w.mapped.room.id, "Failed write", 12, 9);
    await lose();
    await w.t.db.insert(jobs).values({
      name: JOB_OUTBOUND,
      key: `${failed.id}|${w.integrationId}`,
      payload: { bookingId: failed.id, integrationId: w.integrationId },
      state: "dead",
    });
    w.jobs = startSyncJobs({ pollMs: 100 });
    expect((await reconcileIntegration(w.integrationId)).pushed).toBe(0);
  });

  it("token expiry mid-run: Graph refuses the access token, one refresh, and both directions complete", async () => {
    const before = (await w.t.db.select().from(integrations).where(eq(integrations.id, w.integrationId)))[0]!;
    await w.sb.expireAccessTokens();
    // An Outlook meeting (inbound fetch) and a Roomlink booking (outbound write) at once: both meet the 401.
    await w.graph.api(calendar()).post({ subject: "After expiry", start: gt(at(6, 9)), end: gt(at(6, 10)) });
    const b = await book(w.mapped.room.id, "Written after expiry", 6, 12);
    await w.waitFor(async () => (await w.bookingsOf(w.inboundRoom.id)).find((x) => x.title === "After expiry"));
    const eventId = await eventIdOf(b.id);
    expect((await accountEvent(eventId))?.subject).toBe("Written after expiry");
    const after = (await w.t.db.select().from(integrations).where(eq(integrations.id, w.integrationId)))[0]!;
    expect(after.state).toBe("active");
    expect(after.tokensRefreshedAt!.getTime()).toBeGreaterThan(before.tokensRefreshedAt!.getTime());
    expect(await w.t.db.select().from(problems).where(eq(problems.integrationId, w.integrationId))).toEqual([]);
  });

  // Idle first: aging also backdates issuedAt, which a revocation's cut-off would claim as revoked.
  it.each([
    [
      "idle for 90 days (AADSTS700082)",
      "AADSTS700082",
      (x: DelegatedSyncWorld) => {
        x.sb.directory.ageRefreshTokens(91, { userId: x.sb.directory.findUser(x.serviceAccount)!.id });
      },
    ],
    [
      "revoked (revokeSignInSessions, AADSTS50173)",
      "AADSTS50173",
      (x: DelegatedSyncWorld) => {
        x.sb.directory.revokeRefreshTokens(x.serviceAccount);
      },
    ],
  ] as const)(
    "a refresh token %s: the integration asks for re-consent, keeps the booking's write and makes it after reconnecting",
    async (_what, code, fault) => {
      smtp.inbox.length = 0;
      fault(w);
      await w.sb.expireAccessTokens();
      const b = await book(w.mapped.room.id, `Kept through ${code}`, 7, code === "AADSTS700082" ? 9 : 12);
      // The work is parked, not dropped: its job waits for re-consent and nothing reached Outlook.
      const parked = await w.waitFor(async () => {
        const [j] = await w.t.db
          .select()
          .from(jobs)
          .where(
            and(eq(jobs.name, JOB_OUTBOUND), eq(jobs.key, `${b.id}|${w.integrationId}`), eq(jobs.state, "pending")),
          );
        return j?.lastError ? j : null;
      });
      expect(parked.lastError).toContain(code);
      expect(parked.runAfter.getTime()).toBeGreaterThan(Date.now() + 60_000);
      expect((await booking(b.id)).customFields.external_id).toBeUndefined();
      const [broken] = await w.t.db.select().from(integrations).where(eq(integrations.id, w.integrationId));
      expect(broken).toMatchObject({ state: "needs_attention", lastErrorAdvice: "refresh_expired" });
      const [problem] = await w.t.db
        .select()
        .from(problems)
        .where(eq(problems.integrationId, w.integrationId))
        .then((r) => r.filter((p) => !p.resolvedAt));
      expect(problem).toMatchObject({ kind: "auth_refresh_expired" });
      await w.waitFor(() => Promise.resolve(smtp.inbox.length > 0));
      expect(smtp.inbox[0]!.to).toEqual(["facilities@contoso.test"]);
      // The advice from the catalogue, in English and Dutch (quoted-printable soft breaks removed).
      const mailBody = smtp.inbox[0]!.body.replace(/=\r?\n/g, "");
      expect(mailBody).toMatch(/The stored sign-in has expired or was revoked/);
      expect(mailBody).toMatch(/De opgeslagen aanmelding is verlopen of ingetrokken/);

      // A booking made while the admin is between Step 1 and Step 2 waits for the new sign-in too.
      let during: { id: string } | undefined;
      await w.reconnect(async () => {
        during = await book(w.mapped.room.id, `Booked during re-consent ${code}`, 8, code === "AADSTS700082" ? 9 : 12);
        await w.jobs.idle();
        expect((await booking(during.id)).customFields.external_id).toBeUndefined();
      });
      const eventId = await eventIdOf(b.id);
      expect((await accountEvent(eventId))?.subject).toBe(`Kept through ${code}`);
      expect((await accountEvent(await eventIdOf(during!.id)))?.subject).toBe(`Booked during re-consent ${code}`);
      const [i] = await w.t.db.select().from(integrations).where(eq(integrations.id, w.integrationId));
      expect(i).toMatchObject({ state: "active", lastErrorAdvice: null });
      const open = (await w.t.db.select().from(problems).where(eq(problems.integrationId, w.integrationId))).filter(
        (p) => !p.resolvedAt,
      );
      expect(open).toEqual([]);
    },
  );
});
