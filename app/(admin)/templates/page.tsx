import { TemplatesPanel } from "@/components/admin/templates-panel";
import { Alert, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { listTemplates } from "@/lib/bookings/admin";
import { listBookings } from "@/lib/bookings/queries";
import { getT } from "@/lib/i18n/server";
import { deleteTemplateAction, saveTemplateAction } from "./actions";

export default async function TemplatesPage() {
  const [user, t, tc] = await Promise.all([requireUser(), getT("admin"), getT("common")]);
  const [templates, recent] = await Promise.all([listTemplates(), listBookings({ pageSize: 20 })]);
  return (
    <>
      <PageHeader title={tc("nav.templates")} description={t("templates.description")} />
      {user.role !== "admin" ? (
        <div className="mb-4">
          <Alert>{tc("common.readOnly")}</Alert>
        </div>
      ) : null}
      <TemplatesPanel
        testId="templates"
        validate="template"
        canEdit={user.role === "admin"}
        columns={[t("templates.name"), t("templates.subject")]}
        rows={templates.map((tp) => ({
          id: tp.id,
          title: tp.name,
          cells: [
            <span key="n" className="font-medium text-slate-900">
              {tp.name}
            </span>,
            <code key="s" className="text-xs">
              {tp.subject}
            </code>,
          ],
          values: { name: tp.name, subject: tp.subject, body: tp.body },
        }))}
        blank={{
          name: "",
          subject: "{{title}} – {{room}}",
          body: "{{title}}\n{{date}} {{start}}–{{end}}\n{{room}} · {{customer}}",
        }}
        bookings={recent.rows.map((b) => ({
          id: b.id,
          label: `${b.local.date} ${b.local.startTime} · ${b.title} · ${b.roomName}`,
          title: b.title,
          startAt: b.startAt.toISOString(),
          endAt: b.endAt.toISOString(),
          attendeeCount: b.attendeeCount,
          organizerEmail: b.organizerEmail,
          room: { name: b.roomName, timeZone: b.timeZone },
          customer: b.customerName ? { name: b.customerName, organisation: b.customerOrganisation } : null,
          status: { name: b.statusName, nameNl: b.statusNameNl },
        }))}
        labels={{
          add: t("templates.add"),
          newTitle: t("templates.new"),
          editTitle: t("templates.edit", { name: "{name}" }),
          empty: t("templates.empty"),
          emptyHint: t("templates.emptyHint"),
          saved: t("templates.saved"),
          deleteConfirm: t("templates.deleteConfirm", { name: "{name}" }),
          deleted: t("templates.deleted"),
        }}
        save={saveTemplateAction as never}
        remove={deleteTemplateAction}
      />
    </>
  );
}
