import { CrudPanel } from "@/components/admin/crud-panel";
import { LIST_PAGE_SIZE, ListControls, listParams, type ListSearchParams } from "@/components/admin/list-controls";
import { Alert, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { listCustomersPage } from "@/lib/bookings/admin/lists";
import { getT } from "@/lib/i18n/server";
import { deleteCustomerAction, saveCustomerAction } from "./actions";

type Search = Promise<ListSearchParams>;
const PAGE = LIST_PAGE_SIZE;

export default async function CustomersPage({ searchParams }: { searchParams: Search }) {
  const [user, t, tc, sp] = await Promise.all([requireUser(), getT("admin"), getT("common"), searchParams]);
  const { q, from } = listParams(sp);
  const page = await listCustomersPage({ q, offset: from, limit: PAGE });
  const customers = page.rows;
  return (
    <>
      <PageHeader title={tc("nav.customers")} description={t("customers.description")} />
      {user.role !== "admin" ? (
        <div className="mb-4">
          <Alert>{tc("common.readOnly")}</Alert>
        </div>
      ) : null}
      <ListControls
        base="/customers"
        q={q}
        from={from}
        shown={customers.length}
        total={page.total}
        pageSize={PAGE}
        label={t("customers.search")}
        placeholder={t("customers.searchPlaceholder")}
      />
      <CrudPanel
        testId="customers"
        validate="customer"
        canEdit={user.role === "admin"}
        columns={[t("customers.name"), t("customers.email"), t("customers.organisation")]}
        rows={customers.map((c) => ({
          id: c.id,
          title: c.name,
          cells: [
            <span key="n" className="font-medium text-slate-900">
              {c.name}
            </span>,
            c.email,
            c.organisation ?? "—",
          ],
          values: { name: c.name, email: c.email, organisation: c.organisation ?? "" },
        }))}
        blank={{ name: "", email: "", organisation: "" }}
        fields={[
          { name: "name", label: t("customers.name"), kind: "text" },
          { name: "email", label: t("customers.email"), kind: "email" },
          { name: "organisation", label: t("customers.organisation"), kind: "text", span: 2 },
        ]}
        labels={{
          add: t("customers.add"),
          newTitle: t("customers.new"),
          editTitle: t("customers.edit", { name: "{name}" }),
          empty: q ? t("list.noMatch", { q }) : t("customers.empty"),
          emptyHint: q ? "" : t("customers.emptyHint"),
          saved: t("customers.saved"),
          deleteConfirm: t("customers.deleteConfirm", { name: "{name}" }),
          deleted: t("customers.deleted"),
        }}
        save={saveCustomerAction as never}
        remove={deleteCustomerAction}
      />
    </>
  );
}
