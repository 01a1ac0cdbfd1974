import { CrudPanel } from "@/components/admin/crud-panel";
import { Alert, Badge, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { listRoomsWithPolicies } from "@/lib/bookings/queries";
import { getT } from "@/lib/i18n/server";
import { savePolicyAction } from "../rooms/actions";

export default async function PoliciesPage() {
  const [user, t, tc] = await Promise.all([requireUser(), getT("admin"), getT("common")]);
  const rooms = await listRoomsWithPolicies();
  const lim = (v: number | null | undefined, key: "policies.minutes" | "policies.days") =>
    v ? t(key, { n: v }) : <span className="text-slate-400">{t("policies.noLimit")}</span>;
  return (
    <>
      <PageHeader title={tc("nav.policies")} description={t("policies.description")} />
      {user.role !== "admin" ? (
        <div className="mb-4">
          <Alert>{tc("common.readOnly")}</Alert>
        </div>
      ) : null}
      <CrudPanel
        testId="policies"
        validate="policy"
        canEdit={user.role === "admin"}
        columns={[
          t("policies.room"),
          t("policies.maxDuration"),
          t("policies.minLead"),
          t("policies.advanceDays"),
          t("policies.enforceCapacity"),
          t("policies.requiresApproval"),
        ]}
        rows={rooms.map((r) => ({
          id: r.id,
          title: r.name,
          cells: [
            <span key="n" className="font-medium text-slate-900">
              {r.name}
            </span>,
            lim(r.policy?.maxDurationMinutes, "policies.minutes"),
            lim(r.policy?.minLeadMinutes, "policies.minutes"),
            lim(r.policy?.advanceDays, "policies.days"),
            (r.policy?.enforceCapacity ?? true) ? (
              <Badge key="c" tone="green">
                {tc("common.yes")}
              </Badge>
            ) : (
              <Badge key="c">{tc("common.no")}</Badge>
            ),
            r.policy?.requiresApproval ? (
              <Badge key="a" tone="amber">
                {tc("common.yes")}
              </Badge>
            ) : (
              <Badge key="a">{tc("common.no")}</Badge>
            ),
          ],
          values: {
            maxDurationMinutes: r.policy?.maxDurationMinutes ? String(r.policy.maxDurationMinutes) : "",
            minLeadMinutes: r.policy?.minLeadMinutes ? String(r.policy.minLeadMinutes) : "",
            advanceDays: r.policy?.advanceDays ? String(r.policy.advanceDays) : "",
            enforceCapacity: r.policy?.enforceCapacity ?? true,
            requiresApproval: r.policy?.requiresApproval ?? false,
          },
        }))}
        blank={{}}
        fields={[
          { name: "maxDurationMinutes", label: t("policies.maxDuration"), kind: "number", hint: t("policies.noLimit") },
          { name: "minLeadMinutes", label: t("policies.minLead"), kind: "number", hint: t("policies.noLimit") },
          { name: "advanceDays", label: t("policies.advanceDays"), kind: "number", hint: t("policies.noLimit") },
          { name: "enforceCapacity", label: t("policies.enforceCapacity"), kind: "checkbox", span: 2 },
          { name: "requiresApproval", label: t("policies.requiresApproval"), kind: "checkbox", span: 2 },
        ]}
        labels={{
          editTitle: t("policies.editFor", { name: "{name}" }),
          empty: t("policies.empty"),
          emptyHint: t("policies.emptyHint"),
          saved: t("policies.saved"),
        }}
        save={savePolicyAction as never}
      />
    </>
  );
}
