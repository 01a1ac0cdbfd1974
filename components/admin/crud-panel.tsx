"use client";
// One list + inline editor for the admin pages (rooms, customers, statuses, policies, templates):
// rows with Edit/Delete, a form driven by a field list, server field errors shown on the field.
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/safe-action";
import { Button } from "@/components/ui/button";
import { Alert, Card, EmptyState } from "@/components/ui/card";
import { Checkbox, Field, Input, Select, Textarea } from "@/components/ui/field";
import { makeCustomerSchema, makePolicySchema, makeRoomSchema, makeStatusSchema, makeTemplateSchema } from "@/lib/bookings/admin/schemas";
import { useLocale, useT } from "@/lib/i18n/client";

const SCHEMAS = { room: makeRoomSchema, policy: makePolicySchema, customer: makeCustomerSchema, status: makeStatusSchema, template: makeTemplateSchema };
export type SchemaName = keyof typeof SCHEMAS;

export type FieldSpec =
  | { name: string; label: string; kind: "text" | "email" | "number" | "time" | "color" | "textarea"; hint?: string; span?: 2 }
  | { name: string; label: string; kind: "select"; options: Array<{ value: string; label: string }>; hint?: string; span?: 2 }
  | { name: string; label: string; kind: "checkbox"; hint?: string; span?: 2 };

type Values = Record<string, string | boolean>;
export interface CrudRow { id: string; cells: ReactNode[]; values: Values; title: string }

export function CrudPanel(p: {
  testId: string;
  /** The same zod schema the service parses with, checked here before the round trip. */
  validate?: SchemaName;
  columns: string[];
  rows: CrudRow[];
  fields: FieldSpec[];
  blank: Values;
  canEdit: boolean;
  labels: { add?: string; newTitle?: string; /** "{name}" is replaced by the row title (functions cannot cross to the client). */
    editTitle: string; empty: string; emptyHint: string; saved: string; deleteConfirm?: string; deleted?: string };
  save: (input: { id: string | null; values: Values }) => Promise<ActionResult<unknown>>;
  remove?: (input: { id: string }) => Promise<ActionResult<unknown>>;
  preview?: (values: Values) => ReactNode;
}) {
  const t = useT("admin");
  const locale = useLocale();
  const router = useRouter();
  const [editing, setEditing] = useState<{ id: string | null; values: Values; title: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [msg, setMsg] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [confirmId, setConfirmId] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [pending, start] = useTransition();

  useEffect(() => {
    if (!dirty) return;
    const guard = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", guard);
    return () => window.removeEventListener("beforeunload", guard);
  }, [dirty]);

  const open = (id: string | null, values: Values, title: string) => {
    setEditing({ id, values: { ...values }, title });
    setErrors({});
    setMsg(null);
    setDirty(false);
  };
  const set = (name: string, v: string | boolean) => {
    setEditing((e) => (e ? { ...e, values: { ...e.values, [name]: v } } : e));
    setDirty(true);
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    if (p.validate) {
      const r = SCHEMAS[p.validate](locale).safeParse(editing.values);
      if (!r.success) {
        const fe: Record<string, string> = {};
        for (const i of r.error.issues) fe[i.path.join(".")] ??= i.message;
        setErrors(fe);
        setMsg({ tone: "error", text: t("common.error") });
        return;
      }
    }
    start(async () => {
      const r = await p.save({ id: editing.id, values: editing.values });
      if (r.ok) {
        setEditing(null);
        setDirty(false);
        setMsg({ tone: "success", text: p.labels.saved });
        router.refresh();
      } else {
        const fe: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.fieldErrors ?? {})) fe[k.replace(/^values\./, "")] = v;
        setErrors(fe);
        setMsg({ tone: "error", text: Object.keys(fe).length ? t("common.error") : r.message });
      }
    });
  };
  const del = (id: string) =>
    start(async () => {
      if (!p.remove) return;
      const r = await p.remove({ id });
      setConfirmId(null);
      setMsg(r.ok ? { tone: "success", text: p.labels.deleted ?? "" } : { tone: "error", text: r.message });
      if (r.ok) router.refresh();
    });

  const form = editing ? (
    <Card title={editing.title} className="mb-4">
      <form method="post" onSubmit={submit} noValidate data-testid={`${p.testId}-form`}>
        <div className={`grid gap-4 ${p.preview ? "lg:grid-cols-2" : ""}`}>
          <div className="grid gap-4 md:grid-cols-2">
            {p.fields.map((f) => {
              const id = `${p.testId}-${f.name}`;
              const v = editing.values[f.name];
              const err = errors[f.name];
              const inv = { "aria-invalid": err ? true : undefined, "aria-describedby": err ? `${id}-error` : undefined };
              if (f.kind === "checkbox") {
                return (
                  <div key={f.name} className={f.span === 2 ? "md:col-span-2" : ""}>
                    <Checkbox id={id} label={f.label} checked={!!v} onChange={(e) => set(f.name, e.target.checked)} />
                    {err ? <p className="text-xs font-medium text-red-600" role="alert" id={`${id}-error`}>{err}</p> : null}
                  </div>
                );
              }
              return (
                <Field key={f.name} label={f.label} htmlFor={id} error={err} hint={f.hint} className={f.span === 2 || f.kind === "textarea" ? "md:col-span-2" : ""}>
                  {f.kind === "select" ? (
                    <Select id={id} value={String(v ?? "")} onChange={(e) => set(f.name, e.target.value)} {...inv}>
                      {f.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                    </Select>
                  ) : f.kind === "textarea" ? (
                    <Textarea id={id} rows={8} value={String(v ?? "")} onChange={(e) => set(f.name, e.target.value)} {...inv} />
                  ) : f.kind === "color" ? (
                    <div className="flex gap-2">
                      <input type="color" aria-label={f.label} value={String(v || "#64748b")} onChange={(e) => set(f.name, e.target.value)} className="h-9 w-12 rounded border border-slate-300" />
                      <Input id={id} value={String(v ?? "")} onChange={(e) => set(f.name, e.target.value)} {...inv} />
                    </div>
                  ) : (
                    <Input id={id} type={f.kind} value={String(v ?? "")} onChange={(e) => set(f.name, e.target.value)} {...inv} />
                  )}
                </Field>
              );
            })}
          </div>
          {p.preview ? <div>{p.preview(editing.values)}</div> : null}
        </div>
        <div className="mt-4 flex gap-2">
          <Button type="submit" disabled={pending}>{pending ? t("common.saving") : t("common.save")}</Button>
          <Button variant="secondary" onClick={() => { setEditing(null); setDirty(false); }}>{t("common.cancel")}</Button>
        </div>
      </form>
    </Card>
  ) : null;

  return (
    <div>
      {msg ? <div className="mb-4"><Alert tone={msg.tone}>{msg.text}</Alert></div> : null}
      {p.canEdit && p.labels.add && !editing ? (
        <div className="mb-4"><Button onClick={() => open(null, p.blank, p.labels.newTitle ?? p.labels.add!)}>{p.labels.add}</Button></div>
      ) : null}
      {form}
      {p.rows.length === 0 ? (
        <EmptyState title={p.labels.empty}>{p.labels.emptyHint}</EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={`${p.testId}-table`}>
            <thead className="bg-slate-50">
              <tr>
                {p.columns.map((c) => <th key={c} className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">{c}</th>)}
                {p.canEdit ? <th className="px-3 py-2" /> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {p.rows.map((r) => (
                <tr key={r.id} className="hover:bg-slate-50">
                  {r.cells.map((c, i) => <td key={i} className="px-3 py-2 text-slate-700">{c}</td>)}
                  {p.canEdit ? (
                    <td className="whitespace-nowrap px-3 py-2 text-right">
                      {confirmId === r.id ? (
                        <span className="inline-flex items-center gap-2">
                          <span className="text-xs text-red-700">{p.labels.deleteConfirm?.replace("{name}", r.title)}</span>
                          <Button variant="danger" disabled={pending} onClick={() => del(r.id)}>{t("common.confirmDelete")}</Button>
                          <Button variant="secondary" onClick={() => setConfirmId(null)}>{t("common.cancel")}</Button>
                        </span>
                      ) : (
                        <span className="inline-flex gap-1">
                          <Button variant="ghost" aria-label={`${t("common.edit")} ${r.title}`} onClick={() => open(r.id, r.values, p.labels.editTitle.replace("{name}", r.title))}>{t("common.edit")}</Button>
                          {p.remove ? <Button variant="ghost" className="text-red-700" aria-label={`${t("common.delete")} ${r.title}`} onClick={() => setConfirmId(r.id)}>{t("common.delete")}</Button> : null}
                        </span>
                      )}
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
