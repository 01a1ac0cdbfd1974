"use client";
// Edit page side panel: change status and cancel (with confirmation), with a series scope.
import { useRouter } from "next/navigation";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { notify } from "@/components/ui/toaster";
import { useState, useTransition } from "react";
import { cancelBookingAction, changeStatusAction } from "@/lib/bookings/actions";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { useLocale, useT } from "@/lib/i18n/client";

type Scope = "single" | "following" | "all";

export function BookingStatusPanel(p: {
  id: string;
  version: number;
  statusId: string;
  isCancelled: boolean;
  inSeries: boolean;
  statuses: Array<{ id: string; name: string; nameNl: string | null; isCancelled: boolean; color: string }>;
}) {
  const t = useT("bookings");
  const locale = useLocale();
  const router = useRouter();
  const [statusId, setStatusId] = useState(p.statusId);
  const [scope, setScope] = useState<Scope>("single");
  const [dialog, confirm] = useConfirm();
  const [msg, setMsg] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [pending, start] = useTransition();
  // A new status from the server (after a change here or elsewhere) replaces the one picked.
  const [shownStatusId, setShownStatusId] = useState(p.statusId);
  if (p.statusId !== shownStatusId) {
    setShownStatusId(p.statusId);
    setStatusId(p.statusId);
  }
  const label = (s: { name: string; nameNl: string | null }) => (locale === "nl" && s.nameNl ? s.nameNl : s.name);

  const run = (fn: () => Promise<{ ok: boolean; message?: string }>, ok: string) =>
    start(async () => {
      const r = await fn();
      if (r.ok) {
        setMsg(null);
        notify.success(ok);
        router.refresh();
      } else setMsg({ tone: "error", text: r.message ?? "" });
    });

  return (
    <Card title={t("status.title")}>
      {dialog}
      <div className="space-y-3">
        {msg ? <Alert tone={msg.tone}>{msg.text}</Alert> : null}
        {p.inSeries ? (
          <Field label={t("scope.title")} htmlFor="status-scope">
            <Select id="status-scope" value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
              <option value="single">{t("scope.single")}</option>
              <option value="following">{t("scope.following")}</option>
              <option value="all">{t("scope.all")}</option>
            </Select>
          </Field>
        ) : null}
        <Field label={t("status.change")} htmlFor="status-change">
          <Select id="status-change" value={statusId} onChange={(e) => setStatusId(e.target.value)}>
            {p.statuses
              .filter((s) => !s.isCancelled || s.id === p.statusId)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {label(s)}
                </option>
              ))}
          </Select>
        </Field>
        <Button
          variant="secondary"
          className="w-full"
          disabled={pending || statusId === p.statusId}
          onClick={() => {
            const s = p.statuses.find((x) => x.id === statusId);
            run(
              () => changeStatusAction({ id: p.id, version: p.version, scope, statusId }),
              t("status.changed", { status: s ? label(s) : "" }),
            );
          }}
        >
          {t("status.apply")}
        </Button>
        <div className="border-t border-slate-100 pt-3">
          {p.isCancelled ? (
            <p className="text-sm text-slate-600">{t("cancel.already")}</p>
          ) : (
            <Button
              variant="danger"
              className="w-full"
              disabled={pending}
              onClick={() =>
                void confirm({
                  title: t("cancel.confirmTitle"),
                  description: t("cancel.confirmText"),
                  confirmLabel: t("cancel.confirm"),
                  cancelLabel: t("cancel.keep"),
                }).then(
                  (yes) =>
                    yes && run(() => cancelBookingAction({ id: p.id, version: p.version, scope }), t("cancel.done")),
                )
              }
            >
              {t("cancel.button")}
            </Button>
          )}
        </div>
      </div>
    </Card>
  );
}
