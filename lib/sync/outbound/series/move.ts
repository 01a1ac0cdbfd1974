// An "all occurrences" time change in Roomlink: one edit of the master's times and pattern, then the
// occurrences relinked to Exchange's fresh instances.
import { and, eq, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import { getDb } from "@/db/client";
import {
  bookings,
  eventLinks,
  recurrenceGroups,
  rooms,
  seriesLinks,
  type Booking,
  type Integration,
} from "@/db/schema";
import { setBookingCustomFields } from "@/lib/bookings/service";
import { utcToLocal } from "@/lib/bookings/time";
import { GraphRequestError } from "@/lib/graph";
import { graphTime } from "@/lib/graph/time";
import { callGraph, isNotFound } from "@/lib/sync/graph-access";
import type { Placement } from "@/lib/sync/outbound/targets";
import { enqueueOutbound } from "@/lib/sync/outbound/outbox";
import { checkRoomAnswer, type GraphWritten } from "@/lib/sync/outbound/room-answer";
import { DELETING, eventPath } from "@/lib/sync/paths";
import { instanceOriginal, type Instance } from "@/lib/sync/instances";
import { logSync } from "@/lib/sync/sync-log";
import {
  completeSeries,
  contentKey,
  deleteEvent,
  eventRenderer,
  instancesAround,
  ruleToRecurrence,
  serialised,
  shownStatusIds,
} from "./shared";
import { sameMailbox } from "@/lib/sync/mailbox";

/**
 * An "all occurrences" time change in Roomlink moves every slot of the series (their original starts
 * move with them) or gives every occurrence another length. Outlook changes a series that way in one
 * edit of the master's times and pattern,
 * and so does Roomlink: one PATCH instead of one exception per occurrence (in delegated mode, one
 * update to the invited instead of one per date). Exchange then makes fresh occurrences (new ids) and
 * drops exceptions and deleted dates, so dates Roomlink does not book are deleted again, occurrences
 * with their own time or content are patched again, and every link moves to its new instance.
 * Returns false when this occurrence's slot did not move (the caller writes the occurrence alone).
 */
export async function moveSeries(
  integration: Integration,
  place: Placement,
  b: Booking,
  link: { id: string; mailbox: string; seriesMasterId: string | null },
): Promise<boolean> {
  const { mailbox } = place;
  if (
    !link.seriesMasterId ||
    !b.recurrenceGroupId ||
    !b.originalStartAt ||
    link.mailbox.toLowerCase() !== mailbox.toLowerCase()
  )
    return false;
  const masterId = link.seriesMasterId;
  const series = await completeSeries(integration, masterId, mailbox);
  if (!series || series.groupId !== b.recurrenceGroupId) return false;
  const db = await getDb();
  return serialised(`${integration.id}|${masterId}|${mailbox.toLowerCase()}`, async () => {
    // Every occurrence's job of the edit meets here: the first moves the series, the others find their link written.
    const [now] = await db.select().from(eventLinks).where(eq(eventLinks.id, link.id));
    if (!now || now.seriesMasterId !== masterId) return false;
    if (now.writtenVersion === b.version) return true;
    let inst: Instance | null = null;
    try {
      inst = await callGraph(
        integration,
        mailbox,
        (c) =>
          c.api(eventPath(mailbox, now.eventId)).select("id,type,start,end,originalStart").get() as Promise<Instance>,
      );
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    // A move cut off after the master's write (its old occurrences gone, links not yet moved) is finished.
    const resuming = !inst && now.writtenChangeKey === DELETING;
    const [group] = await db.select().from(recurrenceGroups).where(eq(recurrenceGroups.id, series.groupId));
    const [current] = await db.select().from(seriesLinks).where(eq(seriesLinks.id, series.id));
    if (!group || !current || group.roomId !== b.roomId) return false;
    // The slots moved, or (read off an occurrence that shows the master's times) the series' length changed.
    const slotMoved = !!inst?.originalStart && new Date(inst.originalStart).getTime() !== b.originalStartAt!.getTime();
    const lengthChanged =
      inst?.type === "occurrence" &&
      graphTime(inst.end).getTime() - graphTime(inst.start).getTime() !== group.durationMinutes * 60_000;
    if (!resuming && !slotMoved && !lengthChanged) return false;
    const tz = group.timeZone;
    // The slots moved by whole days and to another time of day on the room's wall clock (DST-proof).
    const is = DateTime.fromJSDate(b.originalStartAt!, { zone: tz });
    const days = !slotMoved
      ? 0
      : Math.round(
          is.startOf("day").diff(DateTime.fromISO(inst!.originalStart!, { zone: tz }).startOf("day"), "days").days,
        );
    const moved = (d: Date) =>
      DateTime.fromJSDate(d, { zone: tz })
        .plus({ days })
        .set({ hour: is.hour, minute: is.minute, second: 0, millisecond: 0 });
    const first = moved(current.firstOriginalAt);
    const last = moved(current.lastOriginalAt);

    const shown = new Set(await shownStatusIds(integration, false));
    const mine = and(
      eq(eventLinks.integrationId, integration.id),
      eq(eventLinks.seriesMasterId, masterId),
      sameMailbox(eventLinks.mailbox, mailbox),
    );
    const rows = await db
      .select({ link: eventLinks, b: bookings })
      .from(eventLinks)
      .innerJoin(bookings, eq(bookings.id, eventLinks.bookingId))
      .where(mine);
    const render = await eventRenderer(integration, place, group.roomId);
    const bodies = new Map<string, Record<string, unknown>>();
    for (const r of rows) if (shown.has(r.b.statusId)) bodies.set(r.b.id, await render(r.b));
    // The same title, body and customer on every shown occurrence: they go to the master with the times.
    const keys = new Set([...bodies.values()].map(contentKey));
    const sameContent = keys.size === 1 ? [...bodies.values()][0]! : null;
    const masterKey = sameContent ? contentKey(sameContent) : current.contentKey;
    const newContent = sameContent && masterKey !== current.contentKey ? sameContent : null;

    // Recorded before the write: the master's notification must not read our move as a series moved
    // in Outlook, nor the old occurrences leaving as dates deleted there.
    await db
      .update(seriesLinks)
      .set({ firstOriginalAt: first.toJSDate(), lastOriginalAt: last.toJSDate(), contentKey: masterKey })
      .where(eq(seriesLinks.id, current.id));
    await db.update(eventLinks).set({ writtenChangeKey: DELETING }).where(mine);
    const local = (d: DateTime) => ({ dateTime: d.toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: tz });
    const { start: _s, end: _e, ...content } = newContent ?? {};
    const master = await callGraph(
      integration,
      mailbox,
      (c) =>
        c.api(eventPath(mailbox, masterId)).patch({
          ...content,
          start: local(first),
          end: local(first.plus({ minutes: group.durationMinutes })),
          recurrence: ruleToRecurrence(group.rule, utcToLocal(first.toJSDate(), tz), last.toISODate()!, tz),
        }) as Promise<GraphWritten>,
    );
    await checkRoomAnswer(place, (await db.select().from(rooms).where(eq(rooms.id, group.roomId)))[0]!, master, {
      integrationId: integration.id,
      direction: "outbound",
      bookingId: b.id,
      mailbox,
    });

    const byOriginal = new Map(
      rows.filter((r) => bodies.has(r.b.id) && r.b.originalStartAt).map((r) => [r.b.originalStartAt!.getTime(), r]),
    );
    const relinked: {
      linkId: string;
      bookingId: string;
      version: number;
      eventId: string;
      changeKey: string | null;
    }[] = [];
    let removed = 0;
    let own = 0;
    for (const i of await instancesAround(integration, mailbox, masterId, first.toJSDate(), last.toJSDate())) {
      const original = instanceOriginal(i);
      const r = byOriginal.get(original);
      if (!r) {
        // A date Roomlink does not book: deleted again, as Exchange restored it.
        await deleteEvent(integration, mailbox, i.id);
        removed++;
        continue;
      }
      const body = bodies.get(r.b.id)!;
      let changeKey = i.changeKey ?? null;
      const asMaster =
        contentKey(body) === masterKey &&
        graphTime(i.start).getTime() === r.b.startAt.getTime() &&
        graphTime(i.end).getTime() === r.b.endAt.getTime();
      if (!asMaster) {
        try {
          changeKey =
            (
              await callGraph(
                integration,
                mailbox,
                (cl) => cl.api(eventPath(mailbox, i.id)).patch(body) as Promise<{ changeKey?: string }>,
              )
            ).changeKey ?? null;
        } catch (e) {
          // Its own time now reaches a neighbour's day: left to be written as an event of its own.
          if (e instanceof GraphRequestError && e.graphCode === "ErrorOccurrenceCrossingBoundary") continue;
          throw e;
        }
        own++;
      }
      byOriginal.delete(original);
      relinked.push({ linkId: r.link.id, bookingId: r.b.id, version: r.b.version, eventId: i.id, changeKey });
    }
    // Occurrences no instance took (a slot of their own, a time Exchange refuses) become events of their own.
    const single = rows.filter((r) => !relinked.some((x) => x.linkId === r.link.id));
    await db.transaction(async (tx) => {
      for (const x of relinked) {
        await tx
          .update(eventLinks)
          .set({
            eventId: x.eventId,
            writtenChangeKey: x.changeKey,
            seenChangeKey: x.changeKey,
            writtenVersion: x.version,
            updatedAt: new Date(),
          })
          .where(eq(eventLinks.id, x.linkId));
        await setBookingCustomFields(
          x.bookingId,
          { [integration.bookingIdField]: x.eventId },
          { db: tx, actor: "system:sync" },
        );
      }
      if (single.length)
        await tx.delete(eventLinks).where(
          inArray(
            eventLinks.id,
            single.map((r) => r.link.id),
          ),
        );
    });
    const separate = single.filter((r) => bodies.has(r.b.id)).map((r) => r.b.id);
    if (separate.length) await enqueueOutbound(separate, undefined, integration.id);
    await logSync({
      integrationId: integration.id,
      direction: "outbound",
      action: "update-series",
      outcome: "ok",
      bookingId: b.id,
      eventId: masterId,
      mailbox,
      code: "series_moved",
      params: { content: newContent ? "yes" : "no", removed, own, separate: separate.length },
    });
    return true;
  });
}
