import { DateTime } from "luxon";
import { BookingForm } from "@/components/bookings/booking-form";
import { ButtonLink } from "@/components/ui/button";
import { Alert, EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { listRooms, listStatuses } from "@/lib/bookings/queries";
import { getT } from "@/lib/i18n/server";

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function NewBookingPage({ searchParams }: { searchParams: Search }) {
  const [user, sp, t, tc] = await Promise.all([requireUser(), searchParams, getT("bookings"), getT("common")]);
  // No customer list: the form's customer picker searches on the server.
  const [rooms, statuses] = await Promise.all([listRooms(), listStatuses()]);
  const [firstRoom] = rooms;
  if (!firstRoom) {
    return (
      <>
        <PageHeader title={t("form.newTitle")} />
        <EmptyState title={t("cal.noRooms")} action={<ButtonLink href="/rooms">{t("cal.addRoom")}</ButtonLink>}>
          {t("cal.noRoomsHint")}
        </EmptyState>
      </>
    );
  }
  const room = rooms.find((r) => r.id === one(sp.room)) ?? firstRoom;
  const date = one(sp.date) ?? DateTime.now().setZone(room.timeZone).plus({ days: 1 }).toISODate()!;
  const start = one(sp.start) ?? "09:00";
  const end = DateTime.fromFormat(start, "HH:mm").isValid
    ? DateTime.fromFormat(start, "HH:mm").plus({ hours: 1 }).toFormat("HH:mm")
    : "10:00";
  const status = statuses.find((s) => s.key === "confirmed") ?? statuses.find((s) => !s.isCancelled) ?? statuses[0];
  return (
    <div className="max-w-3xl">
      <PageHeader
        title={t("form.newTitle")}
        actions={
          <ButtonLink variant="secondary" href={`/calendar?view=week&room=${room.id}&date=${date}`}>
            {t("form.back")}
          </ButtonLink>
        }
      />
      {user.role !== "admin" ? <Alert tone="warning">{tc("common.readOnly")}</Alert> : null}
      <BookingForm
        mode="create"
        readOnly={user.role !== "admin"}
        rooms={rooms.map((r) => ({ id: r.id, name: r.name, timeZone: r.timeZone, capacity: r.capacity }))}
        statuses={statuses.map((s) => ({ id: s.id, name: s.name, nameNl: s.nameNl, isCancelled: s.isCancelled }))}
        customers={[]}
        defaults={{
          roomId: room.id,
          date,
          startTime: start,
          endTime: end === "00:00" ? "23:59" : end,
          title: "",
          statusId: status?.id ?? "",
          customerId: "",
          organizerEmail: "",
          attendeeCount: 1,
          notes: "",
          recurrence: null,
        }}
      />
    </div>
  );
}
