import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/card";
import { IntegrationTabs } from "@/components/integrations/tabs";
import { stateTone } from "@/components/integrations/labels";
import { getT } from "@/lib/i18n/server";
import { findIntegration } from "@/lib/integrations/service";

export default async function IntegrationLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const [i, t] = await Promise.all([findIntegration(id), getT("integrations")]);
  if (!i) notFound();
  return (
    <>
      <Link href="/integrations" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <div className="mb-4 mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold text-slate-900">{i.name}</h1>
        <Badge tone={stateTone[i.state]}>{t(`state.${i.state}`)}</Badge>
        <span className="text-sm text-slate-500">
          {t(`mode.${i.mode}`)} · {t(`cloud.${i.cloud}`)}
        </span>
      </div>
      <IntegrationTabs id={i.id} />
      {children}
    </>
  );
}
