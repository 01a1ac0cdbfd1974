"use client";
// Which days a series repeats on: the weekday buttons of a weekly series, and the month, day of the
// month or nth weekday of a monthly or yearly one.
import { useFormContext, useFormState } from "react-hook-form";
import { Field, Input, Select } from "@/components/ui/field";
import { useLocale, useT } from "@/lib/i18n/client";
import { errorAt, type BookingFormInput } from "./form-support";

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

type Recurrence = NonNullable<BookingFormInput["recurrence"]>;

/** Short weekday names (ISO 1 = Monday) and long month names (1 = January) in the user's language. */
function useDayNames() {
  const locale = useLocale();
  const lang = locale === "nl" ? "nl-NL" : "en-GB";
  return {
    monthName: (mo: number) =>
      new Intl.DateTimeFormat(lang, { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, mo - 1, 1))),
    weekdayName: (d: number) =>
      new Intl.DateTimeFormat(lang, { weekday: "short" }).format(new Date(Date.UTC(2024, 0, d))),
  };
}

/** A weekly series: one toggle button per weekday. */
export function WeekdayPicker({ weekdays }: { weekdays: Recurrence["weekdays"] }) {
  const t = useT("bookings");
  const { weekdayName } = useDayNames();
  const { setValue } = useFormContext<BookingFormInput>();
  const { errors } = useFormState<BookingFormInput>();
  const error = errorAt(errors, "recurrence.weekdays");
  return (
    <div className="md:col-span-2">
      <p className="mb-1 text-sm font-medium text-slate-700">{t("rec.weekdays")}</p>
      <div className="flex flex-wrap gap-1" role="group" aria-label={t("rec.weekdays")}>
        {WEEKDAYS.map((d) => {
          const on = (weekdays ?? []).map(Number).includes(d);
          return (
            <button
              key={d}
              type="button"
              aria-pressed={on}
              onClick={() => {
                const cur = (weekdays ?? []).map(Number);
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
      {error ? (
        <p className="mt-1 text-xs font-medium text-red-600" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A monthly or yearly series: the month (yearly), then a day of the month or an nth weekday. */
export function MonthDayFields({ recurrence }: { recurrence: Recurrence }) {
  const t = useT("bookings");
  const { monthName, weekdayName } = useDayNames();
  const { register } = useFormContext<BookingFormInput>();
  const { errors } = useFormState<BookingFormInput>();
  const err = (name: string) => errorAt(errors, name);
  return (
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
          <Field label={t("rec.monthWeekday")} htmlFor="rec-monthWeekday" error={err("recurrence.monthWeekday")}>
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
  );
}
