"use client";
// Row actions on the integration list: deactivate and delete, each after an accessible confirmation,
// each confirmed by a toast (or its failure shown on the row).
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { notify } from "@/components/ui/toaster";
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
  const [dialog, confirm] = useConfirm();
  if (readOnly) return null;
  const run = (fn: () => Promise<{ ok: boolean; message?: string }>, success: string) =>
    start(async () => {
      const r = await fn();
      if (!r.ok) setError(r.message ?? null);
      else notify.success(success);
      router.refresh();
    });
  return (
    <div className="flex items-center justify-end gap-2">
      {dialog}
      {active ? (
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            void confirm({ title: t("act.confirmDeactivate"), confirmLabel: t("list.deactivate") }).then(
              (yes) => yes && run(() => deactivateAction({ id }), t("list.deactivated")),
            )
          }
        >
          {t("list.deactivate")}
        </Button>
      ) : null}
      <Button
        variant="ghost"
        className="text-red-700"
        disabled={pending}
        onClick={() =>
          void confirm({ title: t("list.confirmDelete", { name }), confirmLabel: t("list.delete") }).then(
            (yes) => yes && run(() => deleteIntegrationAction({ id }), t("list.deleted")),
          )
        }
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
