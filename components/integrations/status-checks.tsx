"use client";
// A group of status checkboxes bound to one array field of a react-hook-form form.
import type { FieldValues, Path, UseFormRegister } from "react-hook-form";
import { useLocale } from "@/lib/i18n/client";

export interface StatusOption {
  id: string;
  name: string;
  nameNl: string | null;
}

export function StatusChecks<T extends FieldValues>({
  name,
  label,
  hint,
  error,
  statuses,
  register,
}: {
  name: Path<T>;
  label: string;
  hint?: string;
  error?: string;
  statuses: StatusOption[];
  register: UseFormRegister<T>;
}) {
  const locale = useLocale();
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-700">{label}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1.5 pt-1">
        {statuses.map((s) => (
          <label key={s.id} className="inline-flex items-center gap-1.5 text-sm text-slate-700">
            <input type="checkbox" value={s.id} className="h-4 w-4 rounded border-slate-300" {...register(name)} />
            {(locale === "nl" ? s.nameNl : null) ?? s.name}
          </label>
        ))}
      </div>
      {hint && !error ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error ? (
        <p className="text-xs font-medium text-red-600" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
