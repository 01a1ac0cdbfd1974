"use client";
// Create / edit form for one booking: react-hook-form with the booking core's zod schema (in the
// user's language), recurrence for new bookings, and server field errors shown on their field.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useForm, type FieldPath } from "react-hook-form";
import { createBookingAction, updateBookingAction } from "@/lib/bookings/actions";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Checkbox, Field, Input, Select, Textarea } from "@/components/ui/field";
import { makeBookingSchema, type BookingFormInput } from "@/lib/bookings/booking.schema";
import { useLocale, useT } from "@/lib/i18n/client";

type Option = { id: string; name: string };
export interface BookingFormProps {
  mode: "create" | "edit";
  bookingId?: string;
  inSeries?: boolean;
  readOnly?: boolean;
  defaults: BookingFormInput;
  rooms: Array<Option & { timeZone: string; capacity: number }>;
  statuses: Array<Option & { nameNl: string | null; isCancelled: boolean }>;
  customers: Array<Option & { organisation: string | null }>;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

export function BookingForm(p: BookingFormProps) {
  const t = useT("bookings");
  const tc = useT("common");
  const locale = useLocale();
  const router = useRouter();
  const schema = useMemo(() => makeBookingSchema(locale), [locale]);
  const form = useForm<BookingFormInput>({ resolver: zodResolver(schema), defaultValues: p.defaults });
  const { register, handleSubmit, watch, setValue, setError, formState } = form;
  const { errors, isDirty, isSubmitting } = formState;
  const [message, setMessage] = useState<{ tone: "error" | "success" | "warning"; text: string } | null>(null);
  const [scope, setScope] = useState<"single" | "following" | "all">("single");
  const recurrence = watch("recurrence");
  const roomId = watch("roomId");
  const room = p.rooms.find((r) => r.id === roomId);
  const monthName = (mo: number) =>
    new Intl.DateTimeFormat(locale === "nl" ? "nl-NL" : "en-GB", { month: "long", timeZone: "UTC" }).format(
      new Date(Date.UTC(2024, mo - 1, 1)),
    );
  const weekdayName = (d: number) =>
    new Intl.DateTimeFormat(locale === "nl" ? "nl-NL" : "en-GB", { weekday: "short" }).format(
      new Date(Date.UTC(2024, 0, d)),
    );

  // After a save, status change or cancel the page re-renders with a new version: show it.
  const version = p.defaults.version;
  useEffect(() => {
    if (version !== undefined) form.reset(p.defaults);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);

  useEffect(() => {
    if (!isDirty) return;
    const guard = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = tc("common.unsavedChanges");
    };
    window.addEventListener("beforeunload", guard);
    return () => window.removeEventListener("beforeunload", guard);
  }, [isDirty, tc]);

  const err = (name: string): string | undefined => {
    const parts = name.split(".");
    let cur: unknown = errors;
    for (const k of parts) cur = (cur as Record<string, unknown> | undefined)?.[k];
    return (cur as { message?: string } | undefined)?.message;
  };
  const aria = (name: string) => ({
    "aria-invalid": err(name) ? true : undefined,
    "aria-describedby": err(name) ? `${name}-error` : undefined,
  });

  async function onSubmit(values: BookingFormInput) {
    setMessage(null);
    const res =
      p.mode === "create"
        ? await createBookingAction(values)
        : await updateBookingAction({ id: p.bookingId!, scope, values });
    if (!res.ok) {
      let placed = false;
      for (const [k, msg] of Object.entries(res.fieldErrors ?? {})) {
        const field = k.replace(/^values\./, "");
        if (field === "form" || field === "version") continue;
        setError(field as FieldPath<BookingFormInput>, { type: "server", message: msg }, { shouldFocus: !placed });
        placed = true;
      }
      setMessage({ tone: "error", text: res.message });
      return;
    }
    form.reset(values);
    if (p.mode === "create") {
      const d = res.data as { id: string | null; count: number; note: string | null };
      const q = new URLSearchParams({ view: "week", room: values.roomId, date: values.date });
      if (d.note) {
        setMessage({ tone: "warning", text: `${t("form.createdSeries", { count: d.count })} ${d.note}` });
        if (d.id) router.push(`/bookings/${d.id}?created=1`);
        return;
      }
      router.push(`/calendar?${q}`);
      router.refresh();
    } else {
      setMessage({ tone: "success", text: t("form.saved") });
      router.refresh();
    }
  }

  const disabled = p.readOnly;
  return (
    <form method="post" onSubmit={handleSubmit(onSubmit)} noValidate className="space-y-4" data-testid="booking-form">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <fieldset disabled={disabled} className="space-y-4">
        <Card title={t("form.when")}>
          <div className="grid gap-4 md:grid-cols-4">
            <Field label={t("form.room")} htmlFor="roomId" error={err("roomId")} className="md:col-span-4">
              <Select id="roomId" {...register("roomId")} {...aria("roomId")}>
                {p.rooms.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t("form.date")} htmlFor="date" error={err("date")} className="md:col-span-2">
              <Input id="date" type="date" {...register("date")} {...aria("date")} />
            </Field>
            <Field label={t("form.startTime")} htmlFor="startTime" error={err("startTime")}>
              <Input id="startTime" type="time" step={300} {...register("startTime")} {...aria("startTime")} />
            </Field>
            <Field label={t("form.endTime")} htmlFor="endTime" error={err("endTime")}>
              <Input id="endTime" type="time" step={300} {...register("endTime")} {...aria("endTime")} />
            </Field>
          </div>
          {room ? <p className="mt-2 text-xs text-slate-500">{t("form.localTime", { zone: room.timeZone })}</p> : null}
        </Card>

        <Card title={t("form.details")}>
          <div className="grid gap-4 md:grid-cols-2">
            <Field label={t("form.title")} htmlFor="title" error={err("title")} className="md:col-span-2">
              <Input id="title" {...register("title")} {...aria("title")} />
            </Field>
            <Field label={t("form.status")} htmlFor="statusId" error={err("statusId")}>
              <Select id="statusId" {...register("statusId")} {...aria("statusId")}>
                {p.statuses
                  .filter((s) => !s.isCancelled || s.id === p.defaults.statusId)
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {locale === "nl" && s.nameNl ? s.nameNl : s.name}
                    </option>
                  ))}
              </Select>
            </Field>
            <Field label={t("form.customer")} htmlFor="customerId" error={err("customerId")}>
              <Select id="customerId" {...register("customerId")} {...aria("customerId")}>
                <option value="">{t("form.noCustomer")}</option>
                {p.customers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.organisation ? `${c.name} · ${c.organisation}` : c.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t("form.organizerEmail")} htmlFor="organizerEmail" error={err("organizerEmail")}>
              <Input id="organizerEmail" type="email" {...register("organizerEmail")} {...aria("organizerEmail")} />
            </Field>
            <Field
              label={t("form.attendeeCount")}
              htmlFor="attendeeCount"
              error={err("attendeeCount")}
              hint={room ? t("form.capacityHint", { n: room.capacity }) : undefined}
            >
              <Input
                id="attendeeCount"
                type="number"
                min={1}
                {...register("attendeeCount")}
                {...aria("attendeeCount")}
              />
            </Field>
            <Field label={t("form.notes")} htmlFor="notes" error={err("notes")} className="md:col-span-2">
              <Textarea id="notes" rows={3} {...register("notes")} {...aria("notes")} />
            </Field>
          </div>
        </Card>

        {p.mode === "create" ? (
          <Card title={t("rec.title")}>
            <Checkbox
              label={t("rec.enable")}
              checked={!!recurrence}
              onChange={(e) =>
                setValue(
                  "recurrence",
                  e.target.checked
                    ? {
                        frequency: "weekly",
                        interval: 1,
                        weekdays: [isoWeekday(watch("date"))],
                        monthlyMode: "day",
                        monthDay: Number(watch("date").slice(8, 10)) || 1,
                        month: Number(watch("date").slice(5, 7)) || 1,
                        ends: "count",
                        count: 10,
                        until: "",
                      }
                    : null,
                  { shouldDirty: true },
                )
              }
            />
            {recurrence ? (
              <div className="mt-4 grid gap-4 md:grid-cols-4" data-testid="recurrence">
                <Field label={t("rec.frequency")} htmlFor="rec-frequency" error={err("recurrence.frequency")}>
                  <Select id="rec-frequency" {...register("recurrence.frequency")}>
                    <option value="daily">{t("rec.daily")}</option>
                    <option value="weekly">{t("rec.weekly")}</option>
                    <option value="monthly">{t("rec.monthly")}</option>
                    <option value="yearly">{t("rec.yearly")}</option>
                  </Select>
                </Field>
                <Field
                  label={`${t("rec.interval")} (${t(`rec.unit.${recurrence.frequency}`)})`}
                  htmlFor="rec-interval"
                  error={err("recurrence.interval")}
                >
                  <Input id="rec-interval" type="number" min={1} max={99} {...register("recurrence.interval")} />
                </Field>
                {recurrence.frequency === "weekly" ? (
                  <div className="md:col-span-2">
                    <p className="mb-1 text-sm font-medium text-slate-700">{t("rec.weekdays")}</p>
                    <div className="flex flex-wrap gap-1" role="group" aria-label={t("rec.weekdays")}>
                      {WEEKDAYS.map((d) => {
                        const on = (recurrence.weekdays ?? []).map(Number).includes(d);
                        return (
                          <button
                            key={d}
                            type="button"
                            aria-pressed={on}
                            onClick={() => {
                              const cur = (recurrence.weekdays ?? []).map(Number);
                              setValue("recurrence.weekdays", on ? cur.filter((x) => x !== d) : [...cur, d], {
                                shouldDirty: true,
                                shouldValidate: true,
                              });
                            }}
                            className={`h-8 w-11 rounded-md border text-xs font-medium ${on ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-700"}`}
                          >
                            {weekdayName(d)}
                          </button>
                        );
                      })}
                    </div>
                    {err("recurrence.weekdays") ? (
                      <p className="mt-1 text-xs font-medium text-red-600" role="alert">
                        {err("recurrence.weekdays")}
                      </p>
                    ) : null}
                  </div>
                ) : null}
                {recurrence.frequency === "monthly" || recurrence.frequency === "yearly" ? (
                  <>
                    {recurrence.frequency === "yearly" ? (
                      <Field label={t("rec.month")} htmlFor="rec-month" error={err("recurrence.month")}>
                        <Select id="rec-month" {...register("recurrence.month")}>
                          {MONTHS.map((mo) => (
                            <option key={mo} value={mo}>
                              {monthName(mo)}
                            </option>
                          ))}
                        </Select>
                      </Field>
                    ) : null}
                    <Field
                      label={t(recurrence.frequency === "yearly" ? "rec.yearlyMode" : "rec.monthlyMode")}
                      htmlFor="rec-monthlyMode"
                    >
                      <Select id="rec-monthlyMode" {...register("recurrence.monthlyMode")}>
                        <option value="day">{t("rec.monthlyDay")}</option>
                        <option value="weekday">{t("rec.monthlyWeekday")}</option>
                      </Select>
                    </Field>
                    {recurrence.monthlyMode === "weekday" ? (
                      <div className="grid grid-cols-2 gap-2">
                        <Field label={t("rec.monthWeekIndex")} htmlFor="rec-monthWeekIndex">
                          <Select
                            id="rec-monthWeekIndex"
                            {...register("recurrence.monthWeekIndex", {
                              setValueAs: (v) => (v === "" || v === undefined ? undefined : Number(v)),
                            })}
                          >
                            {[1, 2, 3, 4, -1].map((i) => (
                              <option key={i} value={i}>
                                {t(`rec.week.${i}` as "rec.week.1")}
                              </option>
                            ))}
                          </Select>
                        </Field>
                        <Field
                          label={t("rec.monthWeekday")}
                          htmlFor="rec-monthWeekday"
                          error={err("recurrence.monthWeekday")}
                        >
                          <Select id="rec-monthWeekday" {...register("recurrence.monthWeekday")}>
                            {WEEKDAYS.map((d) => (
                              <option key={d} value={d}>
                                {weekdayName(d)}
                              </option>
                            ))}
                          </Select>
                        </Field>
                      </div>
                    ) : (
                      <Field label={t("rec.monthDay")} htmlFor="rec-monthDay" error={err("recurrence.monthDay")}>
                        <Input id="rec-monthDay" type="number" min={1} max={31} {...register("recurrence.monthDay")} />
                      </Field>
                    )}
                  </>
                ) : null}
                <Field label={t("rec.ends")} htmlFor="rec-ends" className="md:col-start-1">
                  <Select id="rec-ends" {...register("recurrence.ends")}>
                    <option value="count">{t("rec.count")}</option>
                    <option value="until">{t("rec.until")}</option>
                    <option value="never">{t("rec.never")}</option>
                  </Select>
                </Field>
                {recurrence.ends === "until" ? (
                  <Field label={t("rec.untilDate")} htmlFor="rec-until" error={err("recurrence.until")}>
                    <Input id="rec-until" type="date" {...register("recurrence.until")} />
                  </Field>
                ) : null}
                {recurrence.ends === "count" ? (
                  <Field label={t("rec.countN")} htmlFor="rec-count" error={err("recurrence.count")}>
                    <Input id="rec-count" type="number" min={1} {...register("recurrence.count")} />
                  </Field>
                ) : null}
                <p className="text-xs text-slate-500 md:col-span-4">{t("rec.cap")}</p>
              </div>
            ) : null}
          </Card>
        ) : null}
      </fieldset>

      {!disabled ? (
        <div className="flex flex-wrap items-end gap-3">
          {p.mode === "edit" && p.inSeries ? (
            <Field label={t("scope.title")} htmlFor="scope" className="w-56">
              <Select id="scope" value={scope} onChange={(e) => setScope(e.target.value as typeof scope)}>
                <option value="single">{t("scope.single")}</option>
                <option value="following">{t("scope.following")}</option>
                <option value="all">{t("scope.all")}</option>
              </Select>
            </Field>
          ) : null}
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? t("form.saving") : p.mode === "create" ? t("form.create") : t("form.save")}
          </Button>
        </div>
      ) : null}
    </form>
  );
}

function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return 1;
  return ((d.getUTCDay() + 6) % 7) + 1;
}
