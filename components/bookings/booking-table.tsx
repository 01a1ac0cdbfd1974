// The booking list: filters as a plain GET form (shareable URLs), a table and keyset paging links
// (first, previous, next, last); rooms and customers are picked by searching, not from a full list.
import Link from "next/link";
import { ButtonLink, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import type { BookingView } from "@/lib/bookings/queries";
import { SearchPicker } from "./search-picker";
import type { Locale } from "@/lib/i18n/define";
import { getT } from "@/lib/i18n/server";
import { formatDateOnly } from "@/lib/time/format";

export type ListFilter = {
  room?: string;
  status?: string;
  customer?: string;
  q?: string;
  from?: string;
  to?: string;
};

/** Where a page starts: after or before a row's cursor, or the last page; none is the first page. */
export type ListPosition = { after?: string; before?: string; last?: boolean };

export function listHref(f: ListFilter, at: ListPosition = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...at, last: at.last ? "1" : undefined }))
    if (v !== undefined && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `/bookings?${s}` : "/bookings";
}

export async function BookingFilters({
  f,
  room,
  statuses,
  customer,
  locale,
}: {
  f: ListFilter;
  locale: Locale;
  /** The chosen room and customer (from the URL), shown in their pickers. */
  room: { id: string; label: string } | null;
  statuses: Array<{ id: string; name: string; nameNl: string | null }>;
  customer: { id: string; label: string } | null;
}) {
  const t = await getT("bookings");
  const lbl = "mb-1 block text-xs font-medium text-slate-600";
  return (
    <form
      method="get"
      action="/bookings"
      className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm md:grid-cols-[2fr_1fr_1fr_1fr_auto_auto_auto]"
      role="search"
    >
      <div>
        <label htmlFor="f-q" className={lbl}>
          {t("list.q")}
        </label>
        <Input id="f-q" name="q" defaultValue={f.q} placeholder={t("list.qPlaceholder")} />
      </div>
      <div>
        <label htmlFor="f-room" className={lbl}>
          {t("list.room")}
        </label>
        <SearchPicker id="f-room" name="room" kind="room" selected={room} />
      </div>
      <div>
        <label htmlFor="f-status" className={lbl}>
          {t("list.status")}
        </label>
        <Select id="f-status" name="status" defaultValue={f.status ?? ""}>
          <option value="">{t("list.all")}</option>
          {statuses.map((s) => (
            <option key={s.id} value={s.id}>
              {locale === "nl" && s.nameNl ? s.nameNl : s.name}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor="f-customer" className={lbl}>
          {t("list.customer")}
        </label>
        <SearchPicker id="f-customer" name="customer" kind="customer" selected={customer} />
      </div>
      <div>
        <label htmlFor="f-from" className={lbl}>
          {t("list.from")}
        </label>
        <Input id="f-from" name="from" type="date" defaultValue={f.from} />
      </div>
      <div>
        <label htmlFor="f-to" className={lbl}>
          {t("list.to")}
        </label>
        <Input id="f-to" name="to" type="date" defaultValue={f.to} />
      </div>
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonClass("primary")}>
          {t("list.apply")}
        </button>
        <Link href="/bookings" className={buttonClass("ghost")}>
          {t("list.reset")}
        </Link>
      </div>
    </form>
  );
}

export async function BookingTable({
  rows,
  total,
  totalCapped,
  prev,
  next,
  f,
  locale,
  canEdit,
  filtered,
}: {
  rows: BookingView[];
  /** Counted up to a cap; `totalCapped` when there are more. */
  total: number;
  totalCapped: boolean;
  /** Cursors of the neighbouring pages, null at either end. */
  prev: string | null;
  next: string | null;
  f: ListFilter;
  locale: Locale;
  canEdit: boolean;
  filtered: boolean;
}) {
  const t = await getT("bookings");
  if (!rows.length) {
    return filtered ? (
      <EmptyState
        title={t("list.emptyFiltered")}
        action={
          <ButtonLink variant="secondary" href="/bookings">
            {t("list.reset")}
          </ButtonLink>
        }
      >
        {t("list.emptyFilteredHint")}
      </EmptyState>
    ) : (
      <EmptyState
        title={t("list.empty")}
        action={
          canEdit ? (
            <ButtonLink href="/bookings/new">{t("cal.newBooking")}</ButtonLink>
          ) : (
            <ButtonLink variant="secondary" href="/calendar">
              {t("form.back")}
            </ButtonLink>
          )
        }
      >
        {t("list.emptyHint")}
      </EmptyState>
    );
  }
  const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="booking-table">
        <thead className="bg-slate-50">
          <tr>
            <th className={th}>{t("list.col.when")}</th>
            <th className={th}>{t("list.col.title")}</th>
            <th className={th}>{t("list.col.room")}</th>
            <th className={th}>{t("list.col.customer")}</th>
            <th className={th}>{t("list.col.attendees")}</th>
            <th className={th}>{t("list.col.status")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((b) => (
            <tr key={b.id} className="hover:bg-slate-50">
              <td className="whitespace-nowrap px-3 py-2 tabular-nums text-slate-700">
                {formatDateOnly(b.local.date, locale)}{" "}
                <span className="text-slate-500">
                  {b.local.startTime}–{b.local.endTime}
                </span>
              </td>
              <td className="px-3 py-2">
                <Link
                  href={`/bookings/${b.id}`}
                  className="font-medium text-slate-900 hover:text-brand-600 hover:underline"
                >
                  {b.title}
                </Link>
                {b.recurrenceGroupId ? <span className="ml-2 text-xs text-slate-500">↻ {t("list.series")}</span> : null}
                {b.source === "outlook" ? (
                  <span className="ml-2 text-xs text-slate-500">{t("list.outlook")}</span>
                ) : null}
              </td>
              <td className="px-3 py-2 text-slate-700">{b.roomName}</td>
              <td className="px-3 py-2 text-slate-700">
                {b.customerName ?? "—"}
                {b.customerOrganisation ? (
                  <span className="block text-xs text-slate-500">{b.customerOrganisation}</span>
                ) : null}
              </td>
              <td className="px-3 py-2 tabular-nums text-slate-700">{b.attendeeCount}</td>
              <td className="px-3 py-2">
                <span
                  className="inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium"
                  style={{ backgroundColor: `${b.statusColor}22`, color: "#0f172a" }}
                >
                  <span className="h-2 w-2 rounded-full" style={{ backgroundColor: b.statusColor }} />
                  {locale === "nl" && b.statusNameNl ? b.statusNameNl : b.statusName}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex items-center justify-between border-t border-slate-200 px-3 py-2 text-sm text-slate-600">
        <span>
          {totalCapped ? t("list.totalMore", { total }) : total === 1 ? t("list.totalOne") : t("list.total", { total })}
        </span>
        <nav className="flex gap-2" aria-label={t("list.paging")}>
          {prev ? (
            <>
              <Link className={buttonClass("secondary")} href={listHref(f)}>
                {t("list.first")}
              </Link>
              <Link className={buttonClass("secondary")} href={listHref(f, { before: prev })}>
                {t("list.prev")}
              </Link>
            </>
          ) : null}
          {next ? (
            <>
              <Link className={buttonClass("secondary")} href={listHref(f, { after: next })}>
                {t("list.next")}
              </Link>
              <Link className={buttonClass("secondary")} href={listHref(f, { last: true })}>
                {t("list.last")}
              </Link>
            </>
          ) : null}
        </nav>
      </div>
    </div>
  );
}
