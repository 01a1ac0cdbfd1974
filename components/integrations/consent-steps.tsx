"use client";
// Step 1 (navigate to Microsoft's consent page) and Step 2 (connect), with advice for each failure.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useT } from "@/lib/i18n/client";
import { useTimeFormat } from "@/lib/time/client";
import { connectAction, startConsentAction } from "@/lib/integrations/actions";
import type { PublicIntegration } from "@/lib/integrations/queries";
import { AdviceAlert } from "./advice";
import { useSelectedMode } from "./selected-mode";

export function ConsentSteps({
  integration: i,
  outcome,
  readOnly,
}: {
  integration: PublicIntegration;
  outcome?: string;
  readOnly: boolean;
}) {
  const t = useT("integrations");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ code: string; extra?: string } | null>(outcome ? { code: outcome } : null);
  const mode = useSelectedMode(i.mode);
  const modeUnsaved = mode !== i.mode;
  const ready = Boolean(i.tenantId && i.clientId && i.hasSecret) && !modeUnsaved;
  const when = useTimeFormat();
  const fmt = (d: Date | string) => `${when.dateTime(d)} (${when.zone})`;
  const delegated = mode === "delegated";

  const step1 = () =>
    start(async () => {
      const r = await startConsentAction({ id: i.id });
      if (!r.ok) return setResult({ code: "", extra: r.message });
      if ("url" in r.data && r.data.url) window.location.assign(r.data.url);
      else if ("advice" in r.data && r.data.advice) setResult({ code: r.data.advice });
    });
  const step2 = () =>
    start(async () => {
      const r = await connectAction({ id: i.id });
      if (!r.ok) return setResult({ code: "", extra: r.message });
      if (r.data.ok) setResult({ code: "connected" });
      else
        setResult({
          code: r.data.advice,
          extra: r.data.missing ? t("auth.missing", { missing: r.data.missing.join(", ") }) : undefined,
        });
      router.refresh();
    });

  return (
    <Card title={t("auth.stepsFor", { mode: t(`mode.${mode}`) })}>
      <div className="space-y-4">
        {modeUnsaved ? (
          <p className="text-sm text-amber-800">{t("auth.saveModeFirst", { mode: t(`mode.${mode}`) })}</p>
        ) : !ready ? (
          <p className="text-sm text-slate-600">{t("auth.saveFirst")}</p>
        ) : null}
        <div className="grid gap-4 md:grid-cols-2">
          <div className="space-y-2 rounded-md border border-slate-200 p-3">
            <Button onClick={step1} disabled={!ready || pending || readOnly}>
              {t("auth.step1")}
            </Button>
            <p className="text-xs text-slate-600">
              {delegated ? t("auth.step1Delegated") : t("auth.step1Application")}
            </p>
            {i.consentedAt ? (
              <p className="text-xs text-emerald-700">{t("auth.consentedOn", { date: fmt(i.consentedAt) })}</p>
            ) : null}
          </div>
          <div className="space-y-2 rounded-md border border-slate-200 p-3">
            <Button onClick={step2} disabled={!ready || pending || readOnly}>
              {t("auth.step2")}
            </Button>
            <p className="text-xs text-slate-600">
              {delegated ? t("auth.step2Delegated") : t("auth.step2Application")}
            </p>
            {i.connectedAt ? (
              <p className="text-xs text-emerald-700">
                {delegated && i.connectedAccount
                  ? t("auth.connectedAs", { account: i.connectedAccount, date: fmt(i.connectedAt) })
                  : t("auth.connectedApp", {
                      date: fmt(i.connectedAt),
                      roles: (i.grantedRoles ?? []).join(", ") || "—",
                    })}
              </p>
            ) : null}
          </div>
        </div>
        {result ? (
          <AdviceAlert code={result.code} extra={result.extra} />
        ) : i.lastErrorAdvice ? (
          <AdviceAlert code={i.lastErrorAdvice} />
        ) : null}
      </div>
    </Card>
  );
}
