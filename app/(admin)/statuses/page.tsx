import { CrudPanel } from "@/components/admin/crud-panel";
import { Alert, Badge, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { listStatuses } from "@/lib/bookings/queries";
import { getT } from "@/lib/i18n/server";
import { deleteStatusAction, saveStatusAction } from "./actions";

export default async function StatusesPage() {
  const [user, t, tc] = await Promise.all([requireUser(), getT("admin"), getT("common")]);
  const statuses = await listStatuses();
  return (
    <>
      <PageHeader title={tc("nav.statuses")} description={t("statuses.description")} />
      {user.role !== "admin" ? (
        <div className="mb-4">
          <Alert>{tc("common.readOnly")}</Alert>
        </div>
      ) : null}
      <CrudPanel
        testId="statuses"
        validate="status"
        canEdit={user.role === "admin"}
        columns={[
          t("statuses.name"),
          t("statuses.nameNl"),
          t("statuses.key"),
          t("statuses.flags"),
          t("statuses.sortOrder"),
        ]}
        rows={statuses.map((s) => ({
          id: s.id,
          title: s.name,
          cells: [
            <span key="n" className="inline-flex items-center gap-2 font-medium text-slate-900">
              <span className="h-3 w-3 rounded-sm" style={{ backgroundColor: s.color }} />
              {s.name}
            </span>,
            s.nameNl ?? "—",
            <code key="k" className="text-xs">
              {s.key}
            </code>,
            <span key="f" className="flex flex-wrap gap-1">
              {s.blocksRoom ? <Badge tone="blue">{t("statuses.blocksRoom")}</Badge> : null}
              {s.isCancelled ? <Badge>{t("statuses.isCancelled")}</Badge> : null}
              {s.needsApproval ? <Badge tone="amber">{t("statuses.needsApproval")}</Badge> : null}
              {s.isRejected ? <Badge tone="red">{t("statuses.isRejected")}</Badge> : null}
            </span>,
            s.sortOrder,
          ],
          values: {
            key: s.key,
            name: s.name,
            nameNl: s.nameNl ?? "",
            color: s.color,
            blocksRoom: s.blocksRoom,
            isCancelled: s.isCancelled,
            needsApproval: s.needsApproval,
            isRejected: s.isRejected,
            sortOrder: String(s.sortOrder),
          },
        }))}
        blank={{
          key: "",
          name: "",
          nameNl: "",
          color: "#64748b",
          blocksRoom: true,
          isCancelled: false,
          needsApproval: false,
          isRejected: false,
          sortOrder: String((statuses.at(-1)?.sortOrder ?? 0) + 10),
        }}
        fields={[
          { name: "name", label: t("statuses.name"), kind: "text" },
          { name: "nameNl", label: t("statuses.nameNl"), kind: "text" },
          { name: "key", label: t("statuses.key"), kind: "text", hint: t("statuses.keyHint") },
          { name: "color", label: t("statuses.color"), kind: "color" },
          { name: "sortOrder", label: t("statuses.sortOrder"), kind: "number" },
          { name: "blocksRoom", label: t("statuses.blocksRoom"), kind: "checkbox", span: 2 },
          { name: "isCancelled", label: t("statuses.isCancelled"), kind: "checkbox", span: 2 },
          { name: "needsApproval", label: t("statuses.needsApproval"), kind: "checkbox", span: 2 },
          { name: "isRejected", label: t("statuses.isRejected"), kind: "checkbox", span: 2 },
        ]}
        labels={{
          add: t("statuses.add"),
          newTitle: t("statuses.new"),
          editTitle: t("statuses.edit", { name: "{name}" }),
          empty: t("statuses.empty"),
          emptyHint: t("statuses.emptyHint"),
          saved: t("statuses.saved"),
          deleteConfirm: t("statuses.deleteConfirm", { name: "{name}" }),
          deleted: t("statuses.deleted"),
        }}
        save={saveStatusAction as never}
        remove={deleteStatusAction}
      />
    </>
  );
}
