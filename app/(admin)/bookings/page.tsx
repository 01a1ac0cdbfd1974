import { BookingFilters, BookingTable, type ListFilter } from "@/components/bookings/booking-table";
import { ButtonLink } from "@/components/ui/button";
import { Alert, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { listBookingsPage, pickerLabel } from "@/lib/bookings/list";
import { listStatuses } from "@/lib/bookings/queries";
import { withLocalTitles } from "@/lib/bookings/private-title";
import { getLocale, getT } from "@/lib/i18n/server";

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const uuid = (v?: string) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);
const day = (v?: string) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

export default async function BookingsPage({ searchParams }: { searchParams: Search }) {
  const [user, sp, t, tc, locale] = await Promise.all([
    requireUser(),
    searchParams,
    getT("bookings"),
    getT("common"),
    getLocale(),
  ]);
  const f: ListFilter = {
    room: uuid(one(sp.room)),
    status: uuid(one(sp.status)),
    customer: uuid(one(sp.customer)),
    q: one(sp.q)?.slice(0, 200),
    from: day(one(sp.from)),
    to: day(one(sp.to)),
  };
  const [statuses, room, customer, list] = await Promise.all([
    listStatuses(),
    pickerLabel("room", f.room),
    pickerLabel("customer", f.customer),
    listBookingsPage({
      roomId: f.room,
      statusId: f.status,
      customerId: f.customer,
      q: f.q,
      from: f.from,
      to: f.to,
      after: one(sp.after),
      before: one(sp.before),
      last: one(sp.last) === "1",
      pageSize: 25,
    }),
  ]);
  const canEdit = user.role === "admin";
  const filtered = !!(f.room || f.status || f.customer || f.q || f.from || f.to);
  return (
    <>
      <PageHeader
        title={tc("nav.bookings")}
        description={t("list.description")}
        actions={canEdit ? <ButtonLink href="/bookings/new">{t("cal.newBooking")}</ButtonLink> : null}
      />
      {!canEdit ? (
        <div className="mb-4">
          <Alert>{tc("common.readOnly")}</Alert>
        </div>
      ) : null}
      <BookingFilters f={f} locale={locale} room={room} statuses={statuses} customer={customer} />
      <BookingTable
        rows={withLocalTitles(list.rows, locale)}
        total={list.total}
        totalCapped={list.totalCapped}
        prev={list.prev}
        next={list.next}
        f={f}
        locale={locale}
        canEdit={canEdit}
        filtered={filtered}
      />
    </>
  );
}
