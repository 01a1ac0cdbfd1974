// The edit page's history: who changed what, when, from the audit log's before/after snapshots.
import { Card } from "@/components/ui/card";
import type { AuditEntry } from "@/db/schema";
import type { Locale } from "@/lib/i18n/define";
import { getT } from "@/lib/i18n/server";

const FIELDS = [
  "startAt",
  "endAt",
  "title",
  "statusId",
  "roomId",
  "customerId",
  "organizerEmail",
  "attendeeCount",
  "notes",
] as const;

export async function AuditTrail({
  entries,
  locale,
  zone,
  names,
}: {
  entries: AuditEntry[];
  locale: Locale;
  zone: string;
  names: Record<string, string>;
}) {
  const t = await getT("bookings");
  const fmt = new Intl.DateTimeFormat(locale === "nl" ? "nl-NL" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: zone,
  });
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "—";
    // Snapshots are JSON rows: these fields hold strings and numbers; anything else is shown as its JSON.
    const text =
      typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
    if (field === "startAt" || field === "endAt") return fmt.format(new Date(text));
    if (typeof v === "string" && names[v]) return names[v];
    return text;
  };
  return (
    <Card title={t("audit.title")}>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">{t("audit.empty")}</p>
      ) : (
        <ol className="space-y-3" data-testid="audit-trail">
          {entries.map((e) => {
            const before = (e.before ?? {}) as Record<string, unknown>;
            const after = (e.after ?? {}) as Record<string, unknown>;
            const changes = e.before
              ? FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
              : [];
            const action = (
              ["created", "updated", "cancelled", "status", "deleted"].includes(e.action)
                ? `audit.action.${e.action}`
                : "audit.action.updated"
            ) as "audit.action.created";
            return (
              <li key={e.id} className="border-l-2 border-slate-200 pl-3 text-sm">
                <p className="text-slate-800">
                  <span className="font-medium">{t(action)}</span>{" "}
                  {e.actor === "system:sync" ? t("audit.bySync") : t("audit.by", { name: e.actorName ?? e.actor })}
                </p>
                <p className="text-xs text-slate-500">{fmt.format(e.at)}</p>
                {changes.length ? (
                  <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
                    {changes.map((f) => (
                      <li key={f}>
                        {t("audit.changed", {
                          field: t(`audit.field.${f}`),
                          before: show(f, before[f]),
                          after: show(f, after[f]),
                        })}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
