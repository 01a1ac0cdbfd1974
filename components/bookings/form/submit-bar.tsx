"use client";
// The booking form's foot: which occurrences an edit of a series applies to, and the submit button.
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { useT } from "@/lib/i18n/client";

export type EditScope = "single" | "following" | "all";

export function SubmitBar({
  mode,
  inSeries,
  scope,
  onScope,
  submitting,
}: {
  mode: "create" | "edit";
  inSeries: boolean;
  scope: EditScope;
  onScope: (scope: EditScope) => void;
  submitting: boolean;
}) {
  const t = useT("bookings");
  return (
    <div className="flex flex-wrap items-end gap-3">
      {mode === "edit" && inSeries ? (
        <Field label={t("scope.title")} htmlFor="scope" className="w-56">
          <Select id="scope" value={scope} onChange={(e) => onScope(e.target.value as EditScope)}>
            <option value="single">{t("scope.single")}</option>
            <option value="following">{t("scope.following")}</option>
            <option value="all">{t("scope.all")}</option>
          </Select>
        </Field>
      ) : null}
      <Button type="submit" disabled={submitting}>
        {submitting ? t("form.saving") : mode === "create" ? t("form.create") : t("form.save")}
      </Button>
    </div>
  );
}
