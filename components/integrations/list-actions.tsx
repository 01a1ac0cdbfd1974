"use client";
// Row actions on the integration list: deactivate, and delete after a confirmation.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/client";
import { deactivateAction, deleteIntegrationAction } from "@/lib/integrations/actions";

export function ListActions({
  id,
  name,
  active,
  readOnly,
}: {
  id: string;
  name: string;
  active: boolean;
  readOnly: boolean;
}) {
  const t = useT("integrations");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (readOnly) return null;
  const run = (fn: () => Promise<{ ok: boolean; message?: string }>) =>
    start(async () => {
      const r = await fn();
      if (!r.ok) setError(r.message ?? null);
      router.refresh();
    });
  return (
    <div className="flex items-center justify-end gap-2">
      {active ? (
        <Button variant="secondary" disabled={pending} onClick={() => run(() => deactivateAction({ id }))}>
          {t("list.deactivate")}
        </Button>
      ) : null}
      <Button
        variant="ghost"
        className="text-red-700"
        disabled={pending}
        onClick={() => {
          if (window.confirm(t("list.confirmDelete", { name }))) run(() => deleteIntegrationAction({ id }));
        }}
      >
        {t("list.delete")}
      </Button>
      {error ? (
        <span className="text-xs text-red-700" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
