"use client";
// The booking form's "When" card: room, date, start and end, and the zone the times are in.
import { useFormContext, useFormState } from "react-hook-form";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { useT } from "@/lib/i18n/client";
import { ariaFor, errorAt, type BookingFormInput } from "./form-support";

export function WhenCard({
  rooms,
  timeZone,
}: {
  rooms: Array<{ id: string; name: string }>;
  /** The chosen room's zone, when a room is chosen. */
  timeZone: string | undefined;
}) {
  const t = useT("bookings");
  const { register } = useFormContext<BookingFormInput>();
  const { errors } = useFormState<BookingFormInput>();
  const err = (name: keyof BookingFormInput) => errorAt(errors, name);
  const aria = (name: keyof BookingFormInput) => ariaFor(name, err(name));
  return (
    <Card title={t("form.when")}>
      <div className="grid gap-4 md:grid-cols-4">
        <Field label={t("form.room")} htmlFor="roomId" error={err("roomId")} className="md:col-span-4">
          <Select id="roomId" {...register("roomId")} {...aria("roomId")}>
            {rooms.map((r) => (
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
      {timeZone ? <p className="mt-2 text-xs text-slate-500">{t("form.localTime", { zone: timeZone })}</p> : null}
    </Card>
  );
}
