"use client";
// The booking form's "Repeat" card (new bookings only): the switch, the pattern and how it ends.
import { useFormContext, useFormState, useWatch } from "react-hook-form";
import { Card } from "@/components/ui/card";
import { Checkbox, Field, Input, Select } from "@/components/ui/field";
import { useT } from "@/lib/i18n/client";
import { errorAt, type BookingFormInput } from "./form-support";
import { MonthDayFields, WeekdayPicker } from "./recurrence-days";

export function RecurrenceCard() {
  const t = useT("bookings");
  const { register, setValue, getValues, control } = useFormContext<BookingFormInput>();
  const { errors } = useFormState<BookingFormInput>();
  const recurrence = useWatch({ control, name: "recurrence" });
  const err = (name: string) => errorAt(errors, name);
  return (
    <Card title={t("rec.title")}>
      <Checkbox
        label={t("rec.enable")}
        checked={!!recurrence}
        onChange={(e) => {
          const date = getValues("date");
          setValue(
            "recurrence",
            e.target.checked
              ? {
                  frequency: "weekly",
                  interval: 1,
                  weekdays: [isoWeekday(date)],
                  monthlyMode: "day",
                  monthDay: Number(date.slice(8, 10)) || 1,
                  month: Number(date.slice(5, 7)) || 1,
                  ends: "count",
                  count: 10,
                  until: "",
                }
              : null,
            { shouldDirty: true },
          );
        }}
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
            label={`${t("rec.interval")} (${t(`rec.unit.${recurrence.frequency}`, { count: Number(recurrence.interval) || 1 })})`}
            htmlFor="rec-interval"
            error={err("recurrence.interval")}
          >
            <Input id="rec-interval" type="number" min={1} max={99} {...register("recurrence.interval")} />
          </Field>
          {recurrence.frequency === "weekly" ? <WeekdayPicker weekdays={recurrence.weekdays} /> : null}
          {recurrence.frequency === "monthly" || recurrence.frequency === "yearly" ? (
            <MonthDayFields recurrence={recurrence} />
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
  );
}

/** ISO weekday (1 = Monday) of a YYYY-MM-DD date; Monday when the date is not valid yet. */
function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return 1;
  return ((d.getUTCDay() + 6) % 7) + 1;
}
