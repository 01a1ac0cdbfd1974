import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { ListActions } from "@/components/integrations/list-actions";
import { stateTone } from "@/components/integrations/labels";
import { requireUser } from "@/lib/auth/session";
import { getT } from "@/lib/i18n/server";
import { formatDateTime } from "@/lib/time/format";
import { getTimeContext } from "@/lib/time/server";
import { listIntegrations } from "@/lib/integrations/queries";

export default async function IntegrationsPage() {
  const user = await requireUser();
  const [t, time, items] = await Promise.all([getT("integrations"), getTimeContext(), listIntegrations()]);
  const add = user.role === "admin" ? <ButtonLink href="/integrations/new">{t("list.add")}</ButtonLink> : null;
  return (
    <>
      <PageHeader title={t("list.title")} description={t("list.description")} actions={items.length ? add : null} />
      {items.length === 0 ? (
        <EmptyState title={t("list.empty")} action={add}>
          {t("list.emptyBody")}
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">{t("list.name")}</th>
                <th className="px-4 py-2">{t("list.mode")}</th>
                <th className="px-4 py-2">{t("list.state")}</th>
                <th className="px-4 py-2">{t("list.lastSync")}</th>
                <th className="px-4 py-2">{t("list.problems")}</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((i) => (
                <tr key={i.id}>
                  <td className="px-4 py-2.5">
                    <Link href={`/integrations/${i.id}/auth`} className="font-medium text-brand-700 hover:underline">
                      {i.name}
                    </Link>
                    <p className="text-xs text-slate-500">{t(`cloud.${i.cloud}`)}</p>
                  </td>
                  <td className="px-4 py-2.5 text-slate-700">{t(`mode.${i.mode}`)}</td>
                  <td className="px-4 py-2.5">
                    <Badge tone={stateTone[i.state]}>{t(`state.${i.state}`)}</Badge>
                  </td>
                  <td className="px-4 py-2.5 text-slate-700">
                    {i.lastSyncAt ? formatDateTime(i.lastSyncAt, time) : t("list.never")}
                  </td>
                  <td className="px-4 py-2.5">
                    {i.problemCount ? (
                      <Link href={`/integrations/${i.id}/diagnostics`}>
                        <Badge tone="red">{i.problemCount}</Badge>
                      </Link>
                    ) : (
                      <span className="text-slate-400">0</span>
                    )}
                  </td>
                  <td className="px-4 py-2.5">
                    <div className="flex items-center justify-end gap-2">
                      <ButtonLink variant="secondary" href={`/integrations/${i.id}/auth`}>
                        {t("list.open")}
                      </ButtonLink>
                      <ListActions
                        id={i.id}
                        name={i.name}
                        active={i.state === "active" || i.state === "needs_attention"}
                        readOnly={user.role !== "admin"}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
