"use client";
// Authentication screen form (seed 000 §2.1): credentials with a write-only secret, cloud, mode,
// the read-only Return url and the Azure checklist for the chosen mode.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { notify } from "@/components/ui/toaster";
import { useT } from "@/lib/i18n/client";
import { useTimeFormat } from "@/lib/time/client";
import { dateOnlyValue } from "@/lib/time/format";
import { saveAuthAction } from "@/lib/integrations/actions";
import { authSchema, type AuthInput } from "@/lib/integrations/auth.schema";
import type { PublicIntegration } from "@/lib/integrations/queries";
import { AzureChecklist } from "./azure-checklist";
import { CopyButton } from "./copy-button";
import { applyFieldErrors, useErrorText } from "./form-support";
import { useUnsavedGuard } from "./use-unsaved-guard";
import { useSetSelectedMode } from "./selected-mode";

/** What the form shows of an integration (a new one: its id chosen in advance, nothing else stored). */
export type AuthFormIntegration = Pick<
  PublicIntegration,
  | "id"
  | "name"
  | "cloud"
  | "mode"
  | "tenantId"
  | "clientId"
  | "clientSecretSetAt"
  | "clientSecretExpiresAt"
  | "hasSecret"
>;

export function AuthForm({
  integration: i,
  returnUrl,
  readOnly,
  sandboxAllowed,
  isNew = false,
}: {
  integration: AuthFormIntegration;
  returnUrl: string;
  readOnly: boolean;
  sandboxAllowed: boolean;
  /** Nothing stored yet: the integration is created when this form is first saved. */
  isNew?: boolean;
}) {
  const t = useT("integrations");
  const when = useTimeFormat();
  const errText = useErrorText();
  const router = useRouter();
  const [status, setStatus] = useState<{ tone: "error"; text: string } | null>(null);
  const form = useForm<AuthInput>({
    resolver: async (values, context, options) => {
      // No secret stored yet: an empty field is flagged with the other required fields, not after them.
      const r = await zodResolver(authSchema)(values, context, options);
      if (i.hasSecret || values.clientSecret?.trim()) return r;
      return {
        values: {},
        errors: { ...r.errors, clientSecret: { type: "required", message: "err.secretRequired" } },
      };
    },
    defaultValues: {
      id: i.id,
      name: i.name,
      cloud: i.cloud,
      mode: i.mode,
      tenantId: i.tenantId ?? "",
      clientId: i.clientId ?? "",
      clientSecret: "",
      clientSecretExpiresOn: dateOnlyValue(i.clientSecretExpiresAt) ?? "",
    },
  });
  const { register, handleSubmit, formState, control, setError, reset } = form;
  const [watchedMode, watchedClientId] = useWatch({ control, name: ["mode", "clientId"] });
  const guard = useUnsavedGuard(formState.isDirty);
  const setSelectedMode = useSetSelectedMode();
  useEffect(() => {
    if (watchedMode) setSelectedMode(watchedMode);
  }, [watchedMode, setSelectedMode]);
  const e = formState.errors;
  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const r = await saveAuthAction(values);
    if (!r.ok) {
      applyFieldErrors(setError, r.fieldErrors);
      setStatus({ tone: "error", text: errText(r.message) ?? r.message });
      return;
    }
    reset({ ...values, clientSecret: "" });
    notify.success(isNew ? t("auth.created") : t("auth.saved"));
    if (isNew) {
      router.replace(`/integrations/${r.data.id}/auth`);
      return;
    }
    router.refresh();
  });
  const secretHint = i.clientSecretSetAt
    ? i.clientSecretExpiresAt
      ? t("auth.clientSecretSetExpires", {
          set: when.date(i.clientSecretSetAt),
          expires: when.dateOnly(i.clientSecretExpiresAt),
        })
      : t("auth.clientSecretSet", { set: when.date(i.clientSecretSetAt) })
    : t("auth.clientSecretHint");
  return (
    <form
      method="post"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]"
    >
      {guard}
      <Card title={t("auth.credentials")}>
        <fieldset disabled={readOnly} className="space-y-4">
          <input type="hidden" {...register("id")} />
          <Field label={t("auth.name")} htmlFor="name" error={errText(e.name?.message)}>
            <Input id="name" aria-invalid={Boolean(e.name)} {...register("name")} />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("auth.mode")} htmlFor="mode">
              <Select id="mode" {...register("mode")}>
                <option value="delegated">{t("mode.delegated")}</option>
                <option value="application">{t("mode.application")}</option>
              </Select>
            </Field>
            <Field label={t("auth.cloud")} htmlFor="cloud" error={errText(e.cloud?.message)}>
              <Select id="cloud" {...register("cloud")}>
                {(sandboxAllowed
                  ? (["public", "usgov", "china", "sandbox"] as const)
                  : (["public", "usgov", "china"] as const)
                ).map((c) => (
                  <option key={c} value={c}>
                    {t(`cloud.${c}`)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field
            label={t("auth.tenantId")}
            htmlFor="tenantId"
            hint={t("auth.tenantHint")}
            error={errText(e.tenantId?.message)}
          >
            <Input
              id="tenantId"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={Boolean(e.tenantId)}
              {...register("tenantId")}
            />
          </Field>
          <Field
            label={t("auth.clientId")}
            htmlFor="clientId"
            hint={t("auth.clientIdHint")}
            error={errText(e.clientId?.message)}
          >
            <Input
              id="clientId"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={Boolean(e.clientId)}
              {...register("clientId")}
            />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label={t("auth.clientSecret")}
              htmlFor="clientSecret"
              hint={secretHint}
              error={errText(e.clientSecret?.message)}
            >
              <Input
                id="clientSecret"
                type="password"
                autoComplete="new-password"
                placeholder={i.hasSecret ? "••••••••" : ""}
                aria-required={!i.hasSecret}
                aria-invalid={Boolean(e.clientSecret)}
                {...register("clientSecret")}
              />
            </Field>
            <Field
              label={t("auth.clientSecretExpires")}
              htmlFor="clientSecretExpiresOn"
              hint={t("auth.clientSecretExpiresHint")}
              error={errText(e.clientSecretExpiresOn?.message)}
            >
              <Input id="clientSecretExpiresOn" type="date" {...register("clientSecretExpiresOn")} />
            </Field>
          </div>
          <Field label={t("auth.returnUrl")} htmlFor="returnUrl" hint={t("auth.returnUrlHint")}>
            <div className="flex gap-2">
              <Input
                id="returnUrl"
                readOnly
                value={returnUrl}
                className="bg-slate-50 font-mono text-xs"
                onFocus={(ev) => ev.currentTarget.select()}
              />
              <CopyButton text={returnUrl} />
            </div>
          </Field>
          {status ? <Alert tone={status.tone}>{status.text}</Alert> : null}
          {readOnly ? null : (
            <Button type="submit" disabled={formState.isSubmitting}>
              {t("auth.save")}
            </Button>
          )}
        </fieldset>
      </Card>
      <Card title={t("check.title")}>
        <AzureChecklist mode={watchedMode ?? i.mode} clientId={watchedClientId ?? ""} returnUrl={returnUrl} />
      </Card>
    </form>
  );
}
