// The booking page's "needs attention" card: every flag the sync or a forced save put on the
// booking, in plain words with what to do (never the stored code, e.g. `subject_replaced`).
import { CopyButton } from "@/components/integrations/copy-button";
import { Alert } from "@/components/ui/card";
import type { MessageKey } from "@/lib/i18n/catalog";
import { getT } from "@/lib/i18n/server";
import { fixCommand } from "@/lib/integrations/room-processing-check";

const RULES = new Set([
  "conflict",
  "series_conflict",
  "capacity",
  "max_duration",
  "outside_hours",
  "min_lead",
  "advance_window",
  "room_inactive",
]);

export async function BookingFlags({
  flags,
  title,
  mailboxes,
}: {
  flags: string[];
  title: string;
  mailboxes: string[];
}) {
  if (!flags.length) return null;
  const t = await getT("bookings");
  const rules = flags.filter((f) => f.startsWith("validation:")).map((f) => f.slice("validation:".length));
  // all_day / private describe the meeting's shape (shown by the title and times), nothing to act on.
  const other = flags.filter(
    (f) => f !== "subject_replaced" && f !== "all_day" && f !== "private" && !f.startsWith("validation:"),
  );
  const rule = (code: string) =>
    t((RULES.has(code) ? `flag.rule.${code}` : "flag.rule.other") as MessageKey<"bookings">);
  // Exchange mailbox names are the admin's own data; the command needs one per mapped mailbox.
  const commands = (mailboxes.length ? mailboxes : [t("flag.subject_replaced.noMailbox")]).map(fixCommand);
  return (
    <div className="space-y-2" data-testid="booking-flags">
      {flags.includes("subject_replaced") ? (
        <Alert tone="warning" title={t("flag.subject_replaced.title")}>
          <p>{t("flag.subject_replaced", { title })}</p>
          {commands.map((c) => (
            <div key={c} className="mt-1 flex items-start gap-2">
              <code className="block min-w-0 flex-1 whitespace-pre-wrap break-all rounded bg-slate-900 px-2 py-1 font-mono text-xs text-slate-100">
                {c}
              </code>
              <CopyButton text={c} />
            </div>
          ))}
        </Alert>
      ) : null}
      {[...new Set(rules)].map((code) => (
        <Alert key={code} tone="warning" title={t("flag.validation.title")}>
          {t("flag.validation", { rule: rule(code) })}
        </Alert>
      ))}
      {other.length ? (
        <Alert tone="info" title={t("flag.other.title")}>
          {t("flag.other")}
        </Alert>
      ) : null}
    </div>
  );
}
