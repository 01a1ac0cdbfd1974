"use client";
// Saving the booking form: the server action for the mode, its field errors placed on their fields
// (the first one focused), and what the page does next (calendar, the new series, or "saved").
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { FieldPath, UseFormReturn } from "react-hook-form";
import { createBookingAction, updateBookingAction } from "@/lib/bookings/actions";
import type { ActionFailure } from "@/lib/actions/safe-action";
import { notify } from "@/components/ui/toaster";
import { useT } from "@/lib/i18n/client";
import type { BookingFormInput } from "./form-support";
import type { EditScope } from "./submit-bar";

export type FormMessage = { tone: "error" | "success" | "warning"; text: string };

/** Create, or edit the booking `bookingId` (with `scope` for a series). */
export type SubmitTarget = { mode: "create" } | { mode: "edit"; bookingId: string; scope: EditScope };

export function useBookingSubmit(form: UseFormReturn<BookingFormInput>, target: SubmitTarget) {
  const t = useT("bookings");
  const router = useRouter();
  const [message, setMessage] = useState<FormMessage | null>(null);

  function refused(res: ActionFailure) {
    let placed = false;
    for (const [k, msg] of Object.entries(res.fieldErrors ?? {})) {
      const field = k.replace(/^values\./, "");
      if (field === "form" || field === "version") continue;
      form.setError(field as FieldPath<BookingFormInput>, { type: "server", message: msg }, { shouldFocus: !placed });
      placed = true;
    }
    setMessage({ tone: "error", text: res.message });
  }

  async function onSubmit(values: BookingFormInput) {
    setMessage(null);
    if (target.mode === "create") {
      const res = await createBookingAction(values);
      if (!res.ok) return refused(res);
      form.reset(values);
      const d = res.data;
      const q = new URLSearchParams({ view: "week", room: values.roomId, date: values.date });
      if (d.note) {
        setMessage({ tone: "warning", text: `${t("form.createdSeries", { count: d.count })} ${d.note}` });
        if (d.id) router.push(`/bookings/${d.id}?created=1`);
        return;
      }
      notify.success(d.count > 1 ? t("form.createdSeries", { count: d.count }) : t("form.created"));
      router.push(`/calendar?${q}`);
      router.refresh();
    } else {
      const res = await updateBookingAction({ id: target.bookingId, scope: target.scope, values });
      if (!res.ok) return refused(res);
      form.reset(values);
      notify.success(t("form.saved"));
      router.refresh();
    }
  }

  return { message, onSubmit };
}
