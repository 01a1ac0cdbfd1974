"use client";
// One list + inline editor for the admin pages (rooms, customers, statuses, policies, templates):
// rows with Edit/Delete, a react-hook-form editor driven by a field list and validated with the
// same zod schema the server action parses with; server field errors land on their field.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import type { ActionResult } from "@/lib/actions/safe-action";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { notify } from "@/components/ui/toaster";
import { Alert, Card, EmptyState } from "@/components/ui/card";
import { Checkbox, Field, Input, Select, Textarea } from "@/components/ui/field";
import { applyFieldErrors } from "@/components/integrations/form-support";
import { useUnsavedGuard } from "@/components/integrations/use-unsaved-guard";
import {
  makeCustomerSchema,
  makePolicySchema,
  makeRoomSchema,
  makeStatusSchema,
  makeTemplateSchema,
} from "@/lib/bookings/admin/schemas";
import { useLocale, useT } from "@/lib/i18n/client";

const SCHEMAS = {
  room: makeRoomSchema,
  policy: makePolicySchema,
  customer: makeCustomerSchema,
  status: makeStatusSchema,
  template: makeTemplateSchema,
};
export type SchemaName = keyof typeof SCHEMAS;

export type FieldSpec =
  | {
      name: string;
      label: string;
      kind: "text" | "email" | "number" | "time" | "color" | "textarea";
      hint?: string;
      span?: 2;
    }
  | {
      name: string;
      label: string;
      kind: "select";
      options: Array<{ value: string; label: string }>;
      hint?: string;
      span?: 2;
    }
  | { name: string; label: string; kind: "checkbox"; hint?: string; span?: 2 };

type Values = Record<string, string | boolean>;
export interface CrudRow {
  id: string;
  cells: ReactNode[];
  values: Values;
  title: string;
}
type SaveFn = (input: { id: string | null; values: Values }) => Promise<ActionResult<unknown>>;

export function CrudPanel(p: {
  testId: string;
  /** The same zod schema the service parses with, checked here before the round trip. */
  validate?: SchemaName;
  columns: string[];
  rows: CrudRow[];
  fields: FieldSpec[];
  blank: Values;
  canEdit: boolean;
  labels: {
    add?: string;
    newTitle?: string; /** "{name}" is replaced by the row title (functions cannot cross to the client). */
    editTitle: string;
    empty: string;
    emptyHint: string;
    saved: string;
    deleteConfirm?: string;
    deleted?: string;
  };
  save: SaveFn;
  remove?: (input: { id: string }) => Promise<ActionResult<unknown>>;
  preview?: (values: Partial<Values>) => ReactNode;
}) {
  const t = useT("admin");
  const router = useRouter();
  const [editing, setEditing] = useState<{ id: string | null; values: Values; title: string; n: number } | null>(null);
  const [msg, setMsg] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [dialog, confirm] = useConfirm();
  const [pending, start] = useTransition();

  // `n` remounts the editor (fresh form state) each time a row or "Add" is opened.
  const open = (id: string | null, values: Values, title: string) => {
    setEditing((e) => ({ id, values: { ...values }, title, n: (e?.n ?? 0) + 1 }));
    setMsg(null);
  };
  const del = (id: string, title: string) =>
    void confirm({
      title: p.labels.deleteConfirm?.replace("{name}", title) ?? t("common.delete"),
      confirmLabel: t("common.confirmDelete"),
    }).then((yes) => {
      if (!yes) return;
      start(async () => {
        if (!p.remove) return;
        const r = await p.remove({ id });
        if (r.ok) {
          setMsg(null);
          notify.success(p.labels.deleted ?? "");
          router.refresh();
        } else setMsg({ tone: "error", text: r.message });
      });
    });

  const form = editing ? (
    <CrudEditor
      key={editing.n}
      testId={p.testId}
      validate={p.validate}
      fields={p.fields}
      editing={editing}
      save={p.save}
      preview={p.preview}
      onDone={() => {
        setEditing(null);
        setMsg(null);
        notify.success(p.labels.saved);
        router.refresh();
      }}
      onCancel={() => setEditing(null)}
      onError={(text) => setMsg(text ? { tone: "error", text } : null)}
    />
  ) : null;

  return (
    <div>
      {dialog}
      {msg ? (
        <div className="mb-4">
          <Alert tone={msg.tone}>{msg.text}</Alert>
        </div>
      ) : null}
      {p.canEdit && p.labels.add && !editing ? (
        <div className="mb-4">
          <Button onClick={() => open(null, p.blank, p.labels.newTitle ?? p.labels.add!)}>{p.labels.add}</Button>
        </div>
      ) : null}
      {form}
      {p.rows.length === 0 ? (
        <EmptyState title={p.labels.empty}>{p.labels.emptyHint}</EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={`${p.testId}-table`}>
            <thead className="bg-slate-50">
              <tr>
                {p.columns.map((c) => (
                  <th
                    key={c}
                    className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500"
                  >
                    {c}
                  </th>
                ))}
                {p.canEdit ? <th className="px-3 py-2" /> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {p.rows.map((r) => (
                <tr key={r.id} className="hover:bg-slate-50">
                  {r.cells.map((c, i) => (
                    <td key={i} className="px-3 py-2 text-slate-700">
                      {c}
                    </td>
                  ))}
                  {p.canEdit ? (
                    <td className="whitespace-nowrap px-3 py-2 text-right">
                      {
                        <span className="inline-flex gap-1">
                          <Button
                            variant="ghost"
                            aria-label={`${t("common.edit")} ${r.title}`}
                            onClick={() => open(r.id, r.values, p.labels.editTitle.replace("{name}", r.title))}
                          >
                            {t("common.edit")}
                          </Button>
                          {p.remove ? (
                            <Button
                              variant="ghost"
                              className="text-red-700"
                              aria-label={`${t("common.delete")} ${r.title}`}
                              disabled={pending}
                              onClick={() => del(r.id, r.title)}
                            >
                              {t("common.delete")}
                            </Button>
                          ) : null}
                        </span>
                      }
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function CrudEditor(p: {
  testId: string;
  validate?: SchemaName;
  fields: FieldSpec[];
  editing: { id: string | null; values: Values; title: string };
  save: SaveFn;
  preview?: (values: Partial<Values>) => ReactNode;
  onDone: () => void;
  onCancel: () => void;
  onError: (text: string | null) => void;
}) {
  const t = useT("admin");
  const locale = useLocale();
  // raw: the form keeps what was typed; the server action parses (and coerces) with the same schema.
  const resolver = p.validate
    ? (zodResolver(SCHEMAS[p.validate](locale) as never, undefined, { raw: true }) as unknown as Resolver<Values>)
    : undefined;
  const { register, handleSubmit, formState, setError, setValue, control } = useForm<Values>({
    resolver,
    defaultValues: p.editing.values,
  });
  const [pending, start] = useTransition();
  const guard = useUnsavedGuard(formState.isDirty);
  const values = useWatch({ control });

  const submit = handleSubmit(
    (v) => {
      p.onError(null);
      start(async () => {
        const r = await p.save({ id: p.editing.id, values: v });
        if (r.ok) return p.onDone();
        const fe = Object.fromEntries(
          Object.entries(r.fieldErrors ?? {}).map(([k, m]) => [k.replace(/^values\./, ""), m]),
        );
        applyFieldErrors(setError, fe);
        p.onError(Object.keys(fe).length ? t("common.error") : r.message);
      });
    },
    () => p.onError(t("common.error")),
  );

  return (
    <Card title={p.editing.title} className="mb-4">
      <form method="post" onSubmit={(e) => void submit(e)} noValidate data-testid={`${p.testId}-form`}>
        {guard}
        <div className={`grid gap-4 ${p.preview ? "lg:grid-cols-2" : ""}`}>
          <div className="grid gap-4 md:grid-cols-2">
            {p.fields.map((f) => {
              const id = `${p.testId}-${f.name}`;
              const err = formState.errors[f.name]?.message;
              const inv = {
                "aria-invalid": err ? true : undefined,
                "aria-describedby": err ? `${id}-error` : undefined,
              };
              if (f.kind === "checkbox") {
                return (
                  <div key={f.name} className={f.span === 2 ? "md:col-span-2" : ""}>
                    <Checkbox id={id} label={f.label} {...register(f.name)} {...inv} />
                    {err ? (
                      <p className="text-xs font-medium text-red-600" role="alert" id={`${id}-error`}>
                        {err}
                      </p>
                    ) : null}
                  </div>
                );
              }
              return (
                <Field
                  key={f.name}
                  label={f.label}
                  htmlFor={id}
                  error={err}
                  hint={f.hint}
                  className={f.span === 2 || f.kind === "textarea" ? "md:col-span-2" : ""}
                >
                  {f.kind === "select" ? (
                    <Select id={id} {...register(f.name)} {...inv}>
                      {f.options.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </Select>
                  ) : f.kind === "textarea" ? (
                    <Textarea id={id} rows={8} {...register(f.name)} {...inv} />
                  ) : f.kind === "color" ? (
                    <div className="flex gap-2">
                      <input
                        type="color"
                        aria-label={f.label}
                        value={String(values[f.name] || "#64748b")}
                        onChange={(e) => setValue(f.name, e.target.value, { shouldDirty: true, shouldValidate: true })}
                        className="h-9 w-12 rounded border border-slate-300"
                      />
                      <Input id={id} {...register(f.name)} {...inv} />
                    </div>
                  ) : (
                    <Input id={id} type={f.kind} {...register(f.name)} {...inv} />
                  )}
                </Field>
              );
            })}
          </div>
          {p.preview ? <div>{p.preview(values)}</div> : null}
        </div>
        <div className="mt-4 flex gap-2">
          <Button type="submit" disabled={pending}>
            {pending ? t("common.saving") : t("common.save")}
          </Button>
          <Button variant="secondary" onClick={p.onCancel}>
            {t("common.cancel")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
