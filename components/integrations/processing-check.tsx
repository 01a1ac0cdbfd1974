"use client";
// After the inbound mapping is saved: per mapped room, what Exchange does with meetings there
// (subject replaced by the organiser's name, body removed) and the exact command that stops it,
// so the admin knows before activation. Walks the mapping in slices; never blocks the form.
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/card";
import { useT } from "@/lib/i18n/client";
import { checkRoomProcessingAction } from "@/lib/integrations/actions";
import type { RoomProcessing } from "@/lib/integrations/room-processing-check";
import { useAdviceText } from "./advice";
import { CopyButton } from "./copy-button";

const SLICE = 20;

export type CheckRequest = { key: number; mailboxes: string[] };

type Progress = {
  results: RoomProcessing[];
  done: number;
  running: boolean;
  error: string | null;
  notConnected: boolean;
};

/** The distinct, trimmed mailboxes a request asks about. */
function mailboxesOf(request: CheckRequest): string[] {
  return [...new Set(request.mailboxes.map((m) => m.trim()).filter(Boolean))];
}

/** A run before its first answer: running while there is anything to ask. */
function startOf(request: CheckRequest | null): Progress {
  const n = request ? mailboxesOf(request).length : 0;
  return { results: [], done: 0, running: n > 0, error: null, notConnected: false };
}

export function ProcessingCheck({
  integrationId,
  mode,
  request,
}: {
  integrationId: string;
  mode: "delegated" | "application";
  request: CheckRequest | null;
}) {
  const t = useT("integrations");
  const adviceText = useAdviceText();
  // Progress belongs to one run (this request for this integration): a new run starts from nothing.
  const [run, setRun] = useState<{ request: CheckRequest; integrationId: string; progress: Progress } | null>(null);
  const isCurrent = (r: typeof run): r is NonNullable<typeof run> =>
    r !== null && r.request === request && r.integrationId === integrationId;
  const { results, done, running, error, notConnected } = isCurrent(run) ? run.progress : startOf(request);

  useEffect(() => {
    if (!request) return;
    let stop = false;
    const list = mailboxesOf(request);
    const update = (change: (p: Progress) => Partial<Progress>) =>
      setRun((prev) => {
        const base =
          prev && prev.request === request && prev.integrationId === integrationId ? prev.progress : startOf(request);
        return { request, integrationId, progress: { ...base, ...change(base) } };
      });
    void (async () => {
      for (let k = 0; k < list.length && !stop; k += SLICE) {
        const slice = list.slice(k, k + SLICE);
        const r = await checkRoomProcessingAction({ id: integrationId, mailboxes: slice }).catch(() => null);
        if (stop) return;
        if (!r || !r.ok) {
          update(() => ({ error: r?.message ?? "" }));
          break;
        }
        if (!r.data.connected) {
          update(() => ({ notConnected: true }));
          break;
        }
        update((p) => ({ results: [...p.results, ...r.data.rooms], done: Math.min(list.length, k + slice.length) }));
      }
      if (!stop) update(() => ({ running: false }));
    })();
    return () => {
      stop = true;
    };
  }, [request, integrationId]);

  if (!request || request.mailboxes.length === 0) return null;
  const total = new Set(request.mailboxes.map((m) => m.trim()).filter(Boolean)).size;
  const attention = results.filter((r) => r.state !== "keeps");
  const kept = results.filter((r) => r.state === "keeps");
  const sentence = (r: RoomProcessing) => {
    switch (r.state) {
      case "replaces":
        return t("in.check.replaces", { mailbox: r.mailbox });
      case "prefixes":
        return t("in.check.prefixes", { mailbox: r.mailbox });
      case "no_meetings":
        return t("in.check.noMeetings", { mailbox: r.mailbox });
      case "denied":
        return mode === "delegated"
          ? t("in.check.deniedDelegated", { mailbox: r.mailbox })
          : t("in.check.denied", { mailbox: r.mailbox, advice: adviceText(r.advice ?? "mailbox_access_denied") });
      default:
        return t("in.check.failed", { mailbox: r.mailbox, advice: adviceText(r.advice ?? "unknown") });
    }
  };

  return (
    <section className="space-y-2" data-testid="processing-check" aria-live="polite">
      <p className="text-sm font-medium text-slate-700">{t("in.check.title")}</p>
      {notConnected ? <Alert tone="info">{t("in.check.notConnected")}</Alert> : null}
      {error !== null ? (
        <Alert tone="warning">{t("in.check.stopped", { error: error || t("in.check.unreachable") })}</Alert>
      ) : null}
      {running ? <p className="text-xs text-slate-500">{t("in.check.running", { done, total })}</p> : null}
      {attention.map((r) => (
        <Alert key={r.mailbox} tone={r.state === "replaces" || r.state === "prefixes" ? "warning" : "info"}>
          <p>{sentence(r)}</p>
          {r.command ? (
            <div className="mt-1 flex items-start gap-2">
              <code className="block min-w-0 flex-1 whitespace-pre-wrap break-all rounded bg-slate-900 px-2 py-1 font-mono text-xs text-slate-100">
                {r.command}
              </code>
              <CopyButton text={r.command} />
            </div>
          ) : null}
        </Alert>
      ))}
      {attention.some((r) => r.command) ? <p className="text-xs text-slate-500">{t("in.check.commandNote")}</p> : null}
      {kept.length ? (
        <p className="text-sm text-emerald-700">
          {t("in.check.kept", { list: kept.map((r) => r.mailbox).join(", ") })}
        </p>
      ) : null}
    </section>
  );
}
