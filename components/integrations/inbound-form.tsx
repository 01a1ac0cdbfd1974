"use client";
// Configuration — inbound (seed 000 §2.3) and Activate (§2.4): mode, room mapping or inbound
// object, statuses and update rules; "Save and set active" creates the Graph subscriptions.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Checkbox, Field, Select } from "@/components/ui/field";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { notify } from "@/components/ui/toaster";
import { useLocale, useT } from "@/lib/i18n/client";
import { activateAction, deactivateAction, saveInboundAction } from "@/lib/integrations/actions";
import { inboundSchema, type InboundInput } from "@/lib/integrations/config.schema";
import type { ConfigOptions } from "@/lib/integrations/queries";
import { useAdviceText } from "./advice";
import { applyFieldErrors, useErrorText } from "./form-support";
import { ProcessingCheck, type CheckRequest } from "./processing-check";
import { RoomMapping } from "./room-mapping";
import { StatusChecks } from "./status-checks";
import { useUnsavedGuard } from "./use-unsaved-guard";

type Msg = { tone: "success" | "error" | "warning"; text: string; extra?: string };

export function InboundForm({
  defaults,
  options,
  connected,
  active,
  readOnly,
}: {
  defaults: InboundInput;
  options: ConfigOptions;
  connected: boolean;
  active: boolean;
  readOnly: boolean;
}) {
  const t = useT("integrations");
  const locale = useLocale();
  const errText = useErrorText();
  const adviceText = useAdviceText();
  const router = useRouter();
  const [msg, setMsg] = useState<Msg | null>(null);
  const [pending, start] = useTransition();
  const intent = useRef<"save" | "activate">("save");
  // Set after every successful save: the mapped rooms whose Exchange processing is read next.
  const [check, setCheck] = useState<CheckRequest | null>(null);
  const { register, handleSubmit, formState, setError, reset, control, setValue } = useForm<InboundInput>({
    resolver: zodResolver(inboundSchema),
    defaultValues: defaults,
  });
  const guard = useUnsavedGuard(formState.isDirty);
  const [confirmDialog, confirm] = useConfirm();
  /** Plain success is a toast; warnings, failures and details stay on the form. */
  const say = (m: Msg) => {
    if (m.tone === "success" && !m.extra) {
      notify.success(m.text);
      setMsg(null);
    } else setMsg(m);
  };
  const e = formState.errors;
  const mode = useWatch({ control, name: "mode" });
  const statusName = (s: ConfigOptions["statuses"][number]) => (locale === "nl" ? s.nameNl : null) ?? s.name;

  // Runs from the submit event only (handleSubmit is called in the handler below, never during render).
  async function save(values: InboundInput) {
    setMsg(null);
    if (intent.current === "save") {
      const r = await saveInboundAction(values);
      if (!r.ok) {
        applyFieldErrors(setError, r.fieldErrors);
        return setMsg({ tone: "error", text: r.message });
      }
      reset(values);
      setCheck({ key: Date.now(), mailboxes: values.rooms.map((x) => x.mailboxUpn) });
      say({
        tone: r.data.modeChanged ? "warning" : "success",
        text: r.data.modeChanged ? t("in.modeChanged") : t("in.saved"),
      });
    } else {
      const r = await activateAction(values);
      if (!r.ok) {
        applyFieldErrors(setError, r.fieldErrors);
        return setMsg({ tone: "error", text: r.message });
      }
      reset(values);
      setCheck({ key: Date.now(), mailboxes: values.rooms.map((x) => x.mailboxUpn) });
      if (!r.data.ok) setMsg({ tone: "error", text: adviceText(r.data.advice) });
      else
        say({
          tone: r.data.failed.length ? "warning" : "success",
          text: t("act.done", { created: r.data.created, existing: r.data.existing }),
          extra: r.data.failed.length
            ? t("act.failed", { list: r.data.failed.map((f) => `${f.mailbox} (${adviceText(f.advice)})`).join("; ") })
            : undefined,
        });
    }
    router.refresh();
  }

  const statusSelect = (
    name: "inboundStatusId" | "inboundStatusWithCustomerId",
    label: string,
    hint: string,
    optional: boolean,
  ) => (
    <Field label={label} htmlFor={name} hint={hint} error={errText(e[name]?.message)}>
      <Select id={name} aria-invalid={Boolean(e[name])} {...register(name)}>
        <option value="">{optional ? t("in.none") : ""}</option>
        {options.statuses.map((s) => (
          <option key={s.id} value={s.id}>
            {statusName(s)}
          </option>
        ))}
      </Select>
    </Field>
  );

  return (
    <form method="post" onSubmit={(e) => void handleSubmit(save)(e)} noValidate className="space-y-6">
      {guard}
      {confirmDialog}
      <Card title={t("in.title")}>
        <fieldset disabled={readOnly} className="grid gap-5 lg:grid-cols-2">
          <Field label={t("in.mode")} htmlFor="mode" hint={t("in.modeHint")} className="lg:col-span-2">
            <Select id="mode" className="max-w-md" {...register("mode")}>
              <option value="delegated">{t("mode.delegated")}</option>
              <option value="application">{t("mode.application")}</option>
            </Select>
          </Field>
          {mode === "delegated" ? (
            <Field
              label={t("in.inboundRoom")}
              htmlFor="inboundRoomId"
              hint={t("in.inboundRoomHint")}
              error={errText(e.inboundRoomId?.message)}
              className="lg:col-span-2"
            >
              <Select
                id="inboundRoomId"
                className="max-w-md"
                aria-invalid={Boolean(e.inboundRoomId)}
                {...register("inboundRoomId")}
              >
                <option value="" />
                {options.rooms.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
          <div className="space-y-1 lg:col-span-2">
            <p className="text-sm font-medium text-slate-700">
              {t(mode === "application" ? "in.mapping" : "in.mappingDelegated")}
            </p>
            <p className="text-xs text-slate-500">
              {t(mode === "application" ? "in.mappingHint" : "in.mappingDelegatedHint")}
            </p>
            <RoomMapping
              integrationId={defaults.id}
              control={control}
              register={register}
              setValue={setValue}
              errors={e}
              rooms={options.rooms}
              disabled={readOnly}
            />
            <ProcessingCheck integrationId={defaults.id} mode={mode} request={check} />
          </div>
          {statusSelect("inboundStatusId", t("in.inboundStatus"), t("in.inboundStatusHint"), false)}
          {statusSelect(
            "inboundStatusWithCustomerId",
            t("in.inboundStatusCustomer"),
            t("in.inboundStatusCustomerHint"),
            true,
          )}
          <StatusChecks
            name="lockUpdateStatusIds"
            label={t("in.lockUpdate")}
            hint={t("in.lockUpdateHint")}
            statuses={options.statuses}
            register={register}
          />
          <StatusChecks
            name="lockDeleteStatusIds"
            label={t("in.lockDelete")}
            hint={t("in.lockDeleteHint")}
            statuses={options.statuses}
            register={register}
          />
          <Checkbox label={t("in.allowUpdate")} {...register("allowBookingUpdate")} />
          <Checkbox label={t("in.ignoreValidation")} {...register("ignoreValidationOnUpdate")} />
          <div className="space-y-1 lg:col-span-2">
            <Checkbox label={t("in.showPrivateSubjects")} {...register("showPrivateSubjects")} />
            <p className="text-xs text-slate-500">{t("in.showPrivateSubjectsHint")}</p>
          </div>
          {readOnly ? null : (
            <div className="lg:col-span-2">
              <Button
                type="submit"
                variant="secondary"
                disabled={formState.isSubmitting || pending}
                onClick={() => (intent.current = "save")}
              >
                {t("in.save")}
              </Button>
            </div>
          )}
        </fieldset>
      </Card>
      <Card title={t("act.title")}>
        <div className="space-y-3">
          <p className="text-sm text-slate-600">{t("act.body")}</p>
          {!connected ? <Alert tone="warning">{t("act.needsConnect")}</Alert> : null}
          {msg ? (
            <Alert tone={msg.tone}>
              {msg.text}
              {msg.extra ? <p className="mt-1">{msg.extra}</p> : null}
            </Alert>
          ) : null}
          {readOnly ? null : (
            <div className="flex gap-2">
              <Button
                type="submit"
                disabled={!connected || formState.isSubmitting || pending}
                onClick={() => (intent.current = "activate")}
              >
                {t("act.activate")}
              </Button>
              {active ? (
                <Button
                  variant="secondary"
                  disabled={pending}
                  onClick={() =>
                    void confirm({
                      title: t("act.confirmDeactivate"),
                      confirmLabel: t("act.deactivate"),
                    }).then((yes) => {
                      if (!yes) return;
                      start(async () => {
                        const r = await deactivateAction({ id: defaults.id });
                        say(
                          r.ok ? { tone: "success", text: t("act.deactivated") } : { tone: "error", text: r.message },
                        );
                        router.refresh();
                      });
                    })
                  }
                >
                  {t("act.deactivate")}
                </Button>
              ) : null}
            </div>
          )}
        </div>
      </Card>
    </form>
  );
}
