import { CrudPanel } from "@/components/admin/crud-panel";
import { Alert, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { listCustomers } from "@/lib/bookings/queries";
import { getT } from "@/lib/i18n/server";
import { deleteCustomerAction, saveCustomerAction } from "./actions";

export default async function CustomersPage() {
  const [user, t, tc] = await Promise.all([requireUser(), getT("admin"), getT("common")]);
  const customers = await listCustomers();
  return (
    <>
      <PageHeader title={tc("nav.customers")} description={t("customers.description")} />
      {user.role !== "admin" ? (
        <div className="mb-4">
          <Alert>{tc("common.readOnly")}</Alert>
        </div>
      ) : null}
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
          empty: t("customers.empty"),
          emptyHint: t("customers.emptyHint"),
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
