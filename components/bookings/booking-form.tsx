"use client";
// Create / edit form for one booking: react-hook-form with the booking core's zod schema (in the
// user's language), recurrence for new bookings, and server field errors shown on their field.
// The cards are in ./form: when, details, recurrence, and the submit bar; saving in useBookingSubmit.
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo, useState } from "react";
import { FormProvider, useForm, useWatch } from "react-hook-form";
import { Alert } from "@/components/ui/card";
import { makeBookingSchema, type BookingFormInput } from "@/lib/bookings/booking.schema";
import { useLocale, useT } from "@/lib/i18n/client";
import { DetailsCard } from "./form/details-card";
import { RecurrenceCard } from "./form/recurrence-card";
import { SubmitBar, type EditScope } from "./form/submit-bar";
import { useBookingSubmit } from "./form/use-booking-submit";
import { WhenCard } from "./form/when-card";

type Option = { id: string; name: string };
export type BookingFormProps = (
  | { mode: "create"; bookingId?: undefined }
  | {
      mode: "edit";
      bookingId: string;
    }
) & {
  inSeries?: boolean;
  readOnly?: boolean;
  defaults: BookingFormInput;
  rooms: Array<Option & { timeZone: string; capacity: number }>;
  statuses: Array<Option & { nameNl: string | null; isCancelled: boolean }>;
  customers: Array<Option & { organisation: string | null }>;
};

export function BookingForm(p: BookingFormProps) {
  const locale = useLocale();
  const schema = useMemo(() => makeBookingSchema(locale), [locale]);
  const form = useForm<BookingFormInput>({ resolver: zodResolver(schema), defaultValues: p.defaults });
  const { handleSubmit, formState, control } = form;
  const { isDirty, isSubmitting } = formState;
  const [scope, setScope] = useState<EditScope>("single");
  const { message, onSubmit } = useBookingSubmit(
    form,
    p.mode === "create" ? { mode: "create" } : { mode: "edit", bookingId: p.bookingId, scope },
  );
  const roomId = useWatch({ control, name: "roomId" });
  const room = p.rooms.find((r) => r.id === roomId);

  // After a save, status change or cancel the page re-renders with a new version: show it.
  const version = p.defaults.version;
  useEffect(() => {
    if (version !== undefined) form.reset(p.defaults);
    // Only a new version resets the form: new defaults without one (a parent re-render) must not drop typed input.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);
  useLeaveGuard(isDirty);

  const disabled = p.readOnly;
  return (
    <FormProvider {...form}>
      <form
        method="post"
        onSubmit={(e) => void handleSubmit(onSubmit)(e)}
        noValidate
        className="space-y-4"
        data-testid="booking-form"
      >
        {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
        <fieldset disabled={disabled} className="space-y-4">
          <WhenCard rooms={p.rooms} timeZone={room?.timeZone} />
          <DetailsCard
            statuses={p.statuses}
            customers={p.customers}
            savedStatusId={p.defaults.statusId}
            capacity={room?.capacity}
          />
          {p.mode === "create" ? <RecurrenceCard /> : null}
        </fieldset>

        {!disabled ? (
          <SubmitBar mode={p.mode} inSeries={!!p.inSeries} scope={scope} onScope={setScope} submitting={isSubmitting} />
        ) : null}
      </form>
    </FormProvider>
  );
}

/** Ask before the tab is closed or reloaded while the form has unsaved changes. */
function useLeaveGuard(dirty: boolean) {
  const tc = useT("common");
  useEffect(() => {
    if (!dirty) return;
    const guard = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = tc("common.unsavedChanges");
    };
    window.addEventListener("beforeunload", guard);
    return () => window.removeEventListener("beforeunload", guard);
  }, [dirty, tc]);
}
