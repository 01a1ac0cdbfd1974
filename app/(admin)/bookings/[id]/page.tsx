import { notFound } from "next/navigation";
import { AuditTrail } from "@/components/bookings/audit-trail";
import { BookingFlags } from "@/components/bookings/booking-flags";
import { BookingForm } from "@/components/bookings/booking-form";
import { BookingStatusPanel } from "@/components/bookings/booking-status-panel";
import { OutlookStatus } from "@/components/bookings/outlook-status";
import { ButtonLink } from "@/components/ui/button";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { bookingHistory, customersByIds, getBooking, listRooms, listStatuses } from "@/lib/bookings/queries";
import { describeRule } from "@/lib/bookings/recurrence-text";
import { truncationText } from "@/lib/bookings/truncation";
import { titleFor } from "@/lib/bookings/private-title";
import { getLocale, getT } from "@/lib/i18n/server";
import { mailboxesOfRoom } from "@/lib/integrations/room-processing-check";
import { bookingOutlookStatus } from "@/lib/sync/outbound/status";
import { formatDateOnly, zoneName } from "@/lib/time/format";

export default async function EditBookingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [user, t, tc, locale] = await Promise.all([requireUser(), getT("bookings"), getT("common"), getLocale()]);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const found = await getBooking(id);
  if (!found) notFound();
  const { booking: b, group, form } = found;
  const [rooms, statuses, history, outlook, mailboxes] = await Promise.all([
    listRooms(),
    listStatuses(),
    bookingHistory(id),
    bookingOutlookStatus(id),
    b.flags.includes("subject_replaced") ? mailboxesOfRoom(b.roomId) : Promise.resolve([]),
  ]);
  // Only the customers this page names (the booking's, its history's): the form's picker searches the others.
  const customerIds = new Set(b.customerId ? [b.customerId] : []);
  for (const h of history)
    for (const snap of [h.before, h.after]) {
      const v = snap && typeof snap === "object" ? (snap as Record<string, unknown>).customerId : undefined;
      if (typeof v === "string") customerIds.add(v);
    }
  const customers = await customersByIds([...customerIds]);
  const canEdit = user.role === "admin";
  const names: Record<string, string> = {};
  for (const r of rooms) names[r.id] = r.name;
  for (const s of statuses) names[s.id] = locale === "nl" && s.nameNl ? s.nameNl : s.name;
  for (const c of customers) names[c.id] = c.name;
  const statusName = locale === "nl" && b.statusNameNl ? b.statusNameNl : b.statusName;
  return (
    <>
      <PageHeader
        title={titleFor(b, locale)}
        description={
          <span className="inline-flex items-center gap-2">
            {b.roomName} · {formatDateOnly(b.local.date, locale)} {b.local.startTime}–{b.local.endTime}{" "}
            <span className="text-xs text-slate-500">({zoneName(b.timeZone)})</span>{" "}
            <span
              className="inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium text-white"
              style={{ backgroundColor: b.statusColor }}
            >
              {statusName}
            </span>
          </span>
        }
        actions={
          <>
            <ButtonLink variant="secondary" href="/bookings">
              {t("form.backList")}
            </ButtonLink>
            <ButtonLink variant="secondary" href={`/calendar?view=week&room=${b.roomId}&date=${b.local.date}`}>
              {t("form.back")}
            </ButtonLink>
          </>
        }
      />
      {!canEdit ? (
        <div className="mb-4">
          <Alert tone="info">{tc("common.readOnly")}</Alert>
        </div>
      ) : null}
      {group && truncationText(group, locale) ? (
        <div className="mb-4">
          <Alert tone="warning" title={t("rec.note")}>
            {truncationText(group, locale)}
          </Alert>
        </div>
      ) : null}
      {b.flags.length ? (
        <div className="mb-4">
          <BookingFlags flags={b.flags} title={b.title} mailboxes={mailboxes} />
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
        <BookingForm
          mode="edit"
          bookingId={b.id}
          inSeries={!!b.recurrenceGroupId}
          readOnly={!canEdit}
          rooms={rooms.map((r) => ({ id: r.id, name: r.name, timeZone: r.timeZone, capacity: r.capacity }))}
          statuses={statuses.map((s) => ({ id: s.id, name: s.name, nameNl: s.nameNl, isCancelled: s.isCancelled }))}
          customers={customers.map((c) => ({ id: c.id, name: c.name, organisation: c.organisation }))}
          defaults={{ ...form, recurrence: null }}
        />
        <div className="space-y-4">
          {canEdit ? (
            <BookingStatusPanel
              id={b.id}
              version={b.version}
              statusId={b.statusId}
              isCancelled={b.isCancelled}
              inSeries={!!b.recurrenceGroupId}
              statuses={statuses.map((s) => ({
                id: s.id,
                name: s.name,
                nameNl: s.nameNl,
                isCancelled: s.isCancelled,
                color: s.color,
              }))}
            />
          ) : null}
          <Card>
            <dl className="space-y-1 text-sm">
              <div className="flex justify-between gap-2">
                <dt className="text-slate-500">{t("meta.source")}</dt>
                <dd>{b.source === "outlook" ? t("meta.outlook") : t("meta.roomlink")}</dd>
              </div>
              {b.recurrenceGroupId ? (
                <div className="flex justify-between gap-2">
                  <dt className="text-slate-500">{t("list.series")}</dt>
                  <dd>{t("rec.occurrence", { n: (b.occurrenceIndex ?? 0) + 1 })}</dd>
                </div>
              ) : null}
              {group ? (
                <div className="flex justify-between gap-2">
                  <dt className="shrink-0 text-slate-500">{t("meta.pattern")}</dt>
                  <dd className="text-right" data-testid="series-pattern">
                    {describeRule(group.rule, locale)}
                  </dd>
                </div>
              ) : null}
              {b.customFields.external_id ? (
                <div className="flex justify-between gap-2">
                  <dt className="text-slate-500">{t("meta.externalId")}</dt>
                  <dd className="truncate" title={b.customFields.external_id}>
                    ✓
                  </dd>
                </div>
              ) : null}
              {b.customFields.teams_link ? (
                <div className="flex justify-between gap-2">
                  <dt className="text-slate-500">{t("meta.teams")}</dt>
                  <dd>
                    <a className="text-brand-600 underline" href={b.customFields.teams_link}>
                      Teams
                    </a>
                  </dd>
                </div>
              ) : null}
            </dl>
          </Card>
          <OutlookStatus rows={outlook} locale={locale} zone={b.timeZone} admin={canEdit} />
          {/* The outbound sync storing the Outlook event id on the booking (action "custom_fields", by
              system:sync) is not a change anyone made: the Outlook card above shows the link. */}
          <AuditTrail
            entries={history.filter((h) => h.action !== "custom_fields")}
            locale={locale}
            zone={b.timeZone}
            names={names}
          />
        </div>
      </div>
    </>
  );
}
