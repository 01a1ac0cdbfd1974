"use client";
// Templates list + editor with a live preview rendered by renderTemplate against a real booking.
import { useState, type ComponentProps } from "react";
import { Select } from "@/components/ui/field";
import { renderTemplate, TEMPLATE_PLACEHOLDERS } from "@/lib/bookings/template";
import { useLocale, useT } from "@/lib/i18n/client";
import { CrudPanel } from "./crud-panel";

export interface PreviewBooking {
  id: string;
  label: string;
  title: string;
  startAt: string;
  endAt: string;
  attendeeCount: number;
  organizerEmail: string | null;
  room: { name: string; timeZone: string };
  customer: { name: string; organisation: string | null } | null;
  status: { name: string; nameNl: string | null } | null;
}

export function TemplatesPanel({
  bookings,
  ...props
}: Omit<ComponentProps<typeof CrudPanel>, "preview" | "fields"> & { bookings: PreviewBooking[] }) {
  const t = useT("admin");
  const locale = useLocale();
  const [sel, setSel] = useState(bookings[0]?.id ?? "");
  // Without bookings the preview uses a sample that starts when the page opened (read once, not per render).
  const [openedAt] = useState(() => Date.now());
  const sample: PreviewBooking = bookings.find((b) => b.id === sel) ?? {
    id: "",
    label: "",
    title: "Project kick-off",
    startAt: new Date(openedAt).toISOString(),
    endAt: new Date(openedAt + 3_600_000).toISOString(),
    attendeeCount: 8,
    organizerEmail: "organizer@example.com",
    room: { name: "Zaal Amstel", timeZone: "Europe/Amsterdam" },
    customer: { name: "Jan de Vries", organisation: "De Vries Advies" },
    status: { name: "Confirmed", nameNl: "Bevestigd" },
  };
  const placeholders = TEMPLATE_PLACEHOLDERS.map((n) => `{{${n}}}`).join("  ");
  return (
    <CrudPanel
      {...props}
      fields={[
        { name: "name", label: t("templates.name"), kind: "text", span: 2 },
        {
          name: "subject",
          label: t("templates.subject"),
          kind: "text",
          span: 2,
          hint: `${t("templates.placeholders")}: ${placeholders}`,
        },
        {
          name: "body",
          label: t("templates.body"),
          kind: "textarea",
          hint: `${t("templates.placeholders")}: ${placeholders}`,
        },
      ]}
      preview={(v) => {
        const r = renderTemplate(
          { subject: String(v.subject ?? ""), body: String(v.body ?? "") },
          {
            title: sample.title,
            startAt: new Date(sample.startAt),
            endAt: new Date(sample.endAt),
            attendeeCount: sample.attendeeCount,
            organizerEmail: sample.organizerEmail,
          },
          sample.room,
          sample.customer,
          { status: sample.status, locale },
        );
        return (
          <div className="space-y-3" data-testid="template-preview">
            <div>
              <label htmlFor="preview-booking" className="mb-1 block text-sm font-medium text-slate-700">
                {t("templates.previewWith")}
              </label>
              {bookings.length ? (
                <Select id="preview-booking" value={sel} onChange={(e) => setSel(e.target.value)}>
                  {bookings.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.label}
                    </option>
                  ))}
                </Select>
              ) : (
                <p className="text-xs text-slate-500">{t("templates.previewNone")}</p>
              )}
            </div>
            <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
              <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("templates.preview")}</p>
              <p className="mt-1 font-semibold text-slate-900">{r.subject || "—"}</p>
              <pre className="mt-2 whitespace-pre-wrap font-sans text-sm text-slate-700">{r.body}</pre>
              {r.unknown.length ? (
                <p className="mt-2 text-xs font-medium text-red-600">
                  {t("templates.unknown", { names: r.unknown.map((n) => `{{${n}}}`).join(", ") })}
                </p>
              ) : null}
            </div>
          </div>
        );
      }}
    />
  );
}
