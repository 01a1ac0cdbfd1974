import { CrudPanel } from "@/components/admin/crud-panel";
import { LIST_PAGE_SIZE, ListControls, listParams, type ListSearchParams } from "@/components/admin/list-controls";
import { Alert, Badge, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { listPoliciesPage } from "@/lib/bookings/admin/lists";
import { getT } from "@/lib/i18n/server";
import { formatMinutes } from "@/lib/time/duration";
import { savePolicyAction } from "../rooms/actions";

type Search = Promise<ListSearchParams>;
const PAGE = LIST_PAGE_SIZE;

export default async function PoliciesPage({ searchParams }: { searchParams: Search }) {
  const [user, t, tc, sp] = await Promise.all([requireUser(), getT("admin"), getT("common"), searchParams]);
  const { q, from } = listParams(sp);
  const page = await listPoliciesPage({ q, offset: from, limit: PAGE });
  const rooms = page.rows;
  const none = <span className="text-slate-400">{t("policies.noLimit")}</span>;
  // Minutes in words ("2880" → "2 days"); the form keeps minutes, as its labels say.
  const minutes = (v: number | null | undefined) => (v ? formatMinutes(v, tc) : none);
  const days = (v: number | null | undefined) => (v ? t("policies.days", { n: v }) : none);
  return (
    <>
      <PageHeader title={tc("nav.policies")} description={t("policies.description")} />
      {user.role !== "admin" ? (
        <div className="mb-4">
          <Alert>{tc("common.readOnly")}</Alert>
        </div>
      ) : null}
      <ListControls
        base="/policies"
        q={q}
        from={from}
        shown={rooms.length}
        total={page.total}
        pageSize={PAGE}
        label={t("rooms.search")}
        placeholder={t("rooms.searchPlaceholder")}
        note={t("rooms.order")}
      />
      <CrudPanel
        testId="policies"
        validate="policy"
        canEdit={user.role === "admin"}
        columns={[
          t("policies.room"),
          t("policies.col.maxDuration"),
          t("policies.col.minLead"),
          t("policies.col.advance"),
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
            minutes(r.policy?.maxDurationMinutes),
            minutes(r.policy?.minLeadMinutes),
            days(r.policy?.advanceDays),
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
          empty: q ? t("list.noMatch", { q }) : t("policies.empty"),
          emptyHint: q ? "" : t("policies.emptyHint"),
          saved: t("policies.saved"),
        }}
        save={savePolicyAction as never}
      />
    </>
  );
}
