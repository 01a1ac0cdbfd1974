"use client";
// Configuration — general behaviour (seed 000 §2.2), with a live template preview from a real booking.
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Checkbox, Field, Input, Select } from "@/components/ui/field";
import { notify } from "@/components/ui/toaster";
import { useT } from "@/lib/i18n/client";
import { saveGeneralAction } from "@/lib/integrations/actions";
import { generalSchema, type GeneralInput } from "@/lib/integrations/config.schema";
import type { ConfigOptions } from "@/lib/integrations/queries";
import { applyFieldErrors, useErrorText } from "./form-support";
import { StatusChecks } from "./status-checks";
import { useUnsavedGuard } from "./use-unsaved-guard";
import type { MailDelivery } from "@/lib/mail/demo-inbox";

/** SMTP_URL unset: problem e-mails reach only the log, or in the demo the mail catcher. */
function ProblemMailNotice({ delivery }: { delivery: MailDelivery }) {
  const t = useT("mail");
  if (delivery === "smtp") return null;
  return (
    <Alert tone="warning">
      {delivery === "log" ? (
        t("notice.log")
      ) : (
        <>
          {t("notice.catcher")}{" "}
          <Link href="/sandbox/mail" className="font-medium underline">
            {t("notice.catcherLink")}
          </Link>
        </>
      )}
    </Alert>
  );
}

type Preview = {
  booking: string;
  previews: Record<string, { subject: string; body: string; unknown: string[] }>;
} | null;

export function GeneralForm({
  defaults,
  options,
  preview,
  readOnly,
  mailDelivery,
}: {
  defaults: GeneralInput;
  options: ConfigOptions;
  preview: Preview;
  readOnly: boolean;
  /** Where problem e-mails go without an SMTP server: said next to the address field. */
  mailDelivery: MailDelivery;
}) {
  const t = useT("integrations");
  const errText = useErrorText();
  const router = useRouter();
  const [status, setStatus] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState, control, setError, reset } = useForm<GeneralInput>({
    resolver: zodResolver(generalSchema),
    defaultValues: defaults,
  });
  const guard = useUnsavedGuard(formState.isDirty);
  const e = formState.errors;
  const [templateId, createTeamsLink] = useWatch({ control, name: ["templateId", "createTeamsLink"] });
  const shown = templateId && preview ? preview.previews[templateId] : undefined;
  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const r = await saveGeneralAction(values);
    if (!r.ok) {
      applyFieldErrors(setError, r.fieldErrors);
      return setStatus({ tone: "error", text: r.message });
    }
    reset(values);
    notify.success(t("cfg.saved"));
    router.refresh();
  });
  return (
    <form method="post" onSubmit={(e) => void onSubmit(e)} noValidate>
      {guard}
      <Card title={t("cfg.title")}>
        <fieldset disabled={readOnly} className="grid gap-5 lg:grid-cols-2">
          <Field
            label={t("cfg.bookingIdField")}
            htmlFor="bookingIdField"
            hint={t("cfg.bookingIdFieldHint")}
            error={errText(e.bookingIdField?.message)}
          >
            <Input
              id="bookingIdField"
              className="font-mono"
              aria-invalid={Boolean(e.bookingIdField)}
              {...register("bookingIdField")}
            />
          </Field>
          <div className="space-y-2">
            <Field
              label={t("cfg.problemEmail")}
              htmlFor="problemEmail"
              hint={t("cfg.problemEmailHint")}
              error={errText(e.problemEmail?.message)}
            >
              <Input
                id="problemEmail"
                type="email"
                aria-invalid={Boolean(e.problemEmail)}
                {...register("problemEmail")}
              />
            </Field>
            <ProblemMailNotice delivery={mailDelivery} />
          </div>
          <div className="space-y-2 lg:col-span-2">
            <Field
              label={t("cfg.template")}
              htmlFor="templateId"
              hint={t("cfg.templateHint")}
              error={errText(e.templateId?.message)}
            >
              <Select id="templateId" className="max-w-md" {...register("templateId")}>
                <option value="">{t("cfg.templateNone")}</option>
                {options.templates.map((tp) => (
                  <option key={tp.id} value={tp.id}>
                    {tp.name}
                  </option>
                ))}
              </Select>
            </Field>
            {templateId ? (
              <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
                {shown && preview ? (
                  <>
                    <p className="text-xs font-medium text-slate-500">{t("cfg.preview", { title: preview.booking })}</p>
                    <p className="mt-1 font-semibold text-slate-900">{shown.subject}</p>
                    {shown.body ? <p className="mt-1 whitespace-pre-wrap text-slate-700">{shown.body}</p> : null}
                    {shown.unknown.length ? (
                      <p className="mt-1 text-xs text-amber-700">
                        {t("cfg.unknownPlaceholders", { list: shown.unknown.join(", ") })}
                      </p>
                    ) : null}
                  </>
                ) : (
                  <p className="text-slate-600">{t("cfg.previewNone")}</p>
                )}
              </div>
            ) : null}
          </div>
          <div className="space-y-2">
            <Checkbox label={t("cfg.createTeamsLink")} {...register("createTeamsLink")} />
            <p className="text-xs text-slate-500">{t("cfg.createTeamsLinkHint")}</p>
          </div>
          <Field
            label={t("cfg.teamsLinkField")}
            htmlFor="teamsLinkField"
            hint={t("cfg.teamsLinkFieldHint")}
            error={errText(e.teamsLinkField?.message)}
          >
            <Input
              id="teamsLinkField"
              className="font-mono"
              disabled={!createTeamsLink}
              aria-invalid={Boolean(e.teamsLinkField)}
              {...register("teamsLinkField")}
            />
          </Field>
          <div className="space-y-2 lg:col-span-2">
            <Checkbox label={t("cfg.useCustomerData")} {...register("useCustomerData")} />
            <p className="text-xs text-slate-500">{t("cfg.useCustomerDataHint")}</p>
          </div>
          <StatusChecks
            name="createOnStatusIds"
            label={t("cfg.createOnStatus")}
            hint={t("cfg.createOnStatusHint")}
            statuses={options.statuses}
            register={register}
            error={errText(e.createOnStatusIds?.message)}
          />
          <StatusChecks
            name="deleteOnStatusIds"
            label={t("cfg.deleteOnStatus")}
            hint={t("cfg.deleteOnStatusHint")}
            statuses={options.statuses}
            register={register}
            error={errText(e.deleteOnStatusIds?.message)}
          />
          <div className="space-y-3 lg:col-span-2">
            {status ? <Alert tone={status.tone}>{status.text}</Alert> : null}
            {readOnly ? null : (
              <Button type="submit" disabled={formState.isSubmitting}>
                {t("cfg.save")}
              </Button>
            )}
          </div>
        </fieldset>
      </Card>
    </form>
  );
}
