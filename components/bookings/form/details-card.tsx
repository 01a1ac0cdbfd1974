"use client";
// The booking form's "Details" card: title, status, customer, organizer, attendees and notes.
import { useFormContext, useFormState } from "react-hook-form";
import { SearchPicker } from "@/components/bookings/search-picker";
import { Card } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { useLocale, useT } from "@/lib/i18n/client";
import { ariaFor, errorAt, type BookingFormInput } from "./form-support";

export function DetailsCard({
  statuses,
  customers,
  savedStatusId,
  capacity,
}: {
  statuses: Array<{ id: string; name: string; nameNl: string | null; isCancelled: boolean }>;
  /** The booking's customer (when it has one): the picker searches the others on the server. */
  customers: Array<{ id: string; name: string; organisation: string | null }>;
  /** The status the booking has now: offered even when it is a cancelled one. */
  savedStatusId: string;
  /** The chosen room's capacity, when a room is chosen. */
  capacity: number | undefined;
}) {
  const t = useT("bookings");
  const locale = useLocale();
  const { register, setValue, getValues } = useFormContext<BookingFormInput>();
  const chosen = customers.find((c) => c.id === getValues("customerId"));
  const { errors } = useFormState<BookingFormInput>();
  const err = (name: keyof BookingFormInput) => errorAt(errors, name);
  const aria = (name: keyof BookingFormInput) => ariaFor(name, err(name));
  return (
    <Card title={t("form.details")}>
      <div className="grid gap-4 md:grid-cols-2">
        <Field label={t("form.title")} htmlFor="title" error={err("title")} className="md:col-span-2">
          <Input id="title" {...register("title")} {...aria("title")} />
        </Field>
        <Field label={t("form.status")} htmlFor="statusId" error={err("statusId")}>
          <Select id="statusId" {...register("statusId")} {...aria("statusId")}>
            {statuses
              .filter((s) => !s.isCancelled || s.id === savedStatusId)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {locale === "nl" && s.nameNl ? s.nameNl : s.name}
                </option>
              ))}
          </Select>
        </Field>
        <Field label={t("form.customer")} htmlFor="customerId" error={err("customerId")}>
          <input type="hidden" {...register("customerId")} />
          <SearchPicker
            id="customerId"
            kind="customer"
            selected={chosen ? { id: chosen.id, label: chosen.name } : null}
            noneLabel={t("form.noCustomer")}
            onChange={(id) => setValue("customerId", id, { shouldDirty: true, shouldValidate: false })}
            inputProps={aria("customerId")}
          />
        </Field>
        <Field label={t("form.organizerEmail")} htmlFor="organizerEmail" error={err("organizerEmail")}>
          <Input id="organizerEmail" type="email" {...register("organizerEmail")} {...aria("organizerEmail")} />
        </Field>
        <Field
          label={t("form.attendeeCount")}
          htmlFor="attendeeCount"
          error={err("attendeeCount")}
          hint={capacity !== undefined ? t("form.capacityHint", { n: capacity }) : undefined}
        >
          <Input id="attendeeCount" type="number" min={1} {...register("attendeeCount")} {...aria("attendeeCount")} />
        </Field>
        <Field label={t("form.notes")} htmlFor="notes" error={err("notes")} className="md:col-span-2">
          <Textarea id="notes" rows={3} {...register("notes")} {...aria("notes")} />
        </Field>
      </div>
    </Card>
  );
}
