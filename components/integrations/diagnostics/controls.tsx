"use client";
// Diagnostics controls: auto-refresh (a 15 s check, a re-render only when something changed), "Run checks" (access tests, subject detection,
// secret expiry), the webhook round-trip test, "Reconcile now" and dead-letter retries.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { diagnosticsStampAction } from "@/app/(admin)/integrations/[id]/diagnostics/stamp-action";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { useT } from "@/lib/i18n/client";
import { notify } from "@/components/ui/toaster";
import { runChecksAction, webhookTestAction } from "@/lib/integrations/actions";
import { reconcileNowAction, retryDeadLetterAction } from "@/lib/sync/actions";

/**
 * Every `seconds` while the tab is visible: ask the server for the page's stamp (a hash of what it
 * shows) and re-render only when it differs from the one rendered; at the latest after `maxSeconds`
 * (times such as "expires in" move on).
 */
export function AutoRefresh({
  id,
  stamp,
  seconds = 15,
  maxSeconds = 300,
}: {
  id: string;
  stamp: string | null;
  seconds?: number;
  maxSeconds?: number;
}) {
  const router = useRouter();
  const t = useT("integrations");
  const rendered = useRef({ stamp, at: 0 });
  useEffect(() => {
    rendered.current = { stamp, at: Date.now() };
  }, [stamp]);
  useEffect(() => {
    let busy = false;
    const h = setInterval(() => {
      if (document.visibilityState !== "visible" || busy) return;
      busy = true;
      void diagnosticsStampAction({ id })
        .then((r) => {
          const stale = Date.now() - rendered.current.at > maxSeconds * 1000;
          if (stale || (r.ok && r.data !== rendered.current.stamp)) {
            rendered.current.at = Date.now();
            router.refresh();
          }
        })
        .finally(() => {
          busy = false;
        });
    }, seconds * 1000);
    return () => clearInterval(h);
  }, [router, id, seconds, maxSeconds]);
  return <span className="text-xs text-slate-500">{t("diag.autoRefresh")}</span>;
}

export function RunChecksButton({ id, disabled }: { id: string; disabled: boolean }) {
  const t = useT("integrations");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={disabled || pending}
        onClick={() =>
          start(async () => {
            const r = await runChecksAction({ id });
            setError(r.ok ? null : r.message);
            if (r.ok) notify.success(t("diag.checksDone"));
            router.refresh();
          })
        }
      >
        {pending ? t("diag.running") : t("diag.runChecks")}
      </Button>
      {error ? <span className="text-xs text-red-700">{error}</span> : null}
    </div>
  );
}

export function WebhookTest({ id, url }: { id: string; url: string }) {
  const t = useT("integrations");
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; ms: number; detail?: string } | null>(null);
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">{t("diag.webhookBody", { url })}</p>
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await webhookTestAction({ id });
            setResult(r.ok ? r.data : { ok: false, ms: 0, detail: r.message });
          })
        }
      >
        {t("diag.webhookRun")}
      </Button>
      {result ? (
        <Alert tone={result.ok ? "success" : "error"}>
          {result.ok
            ? t("diag.webhookOk", { ms: result.ms })
            : t("diag.webhookFailed", { detail: result.detail ?? "", url })}
        </Alert>
      ) : null}
    </div>
  );
}

/** "Reconcile now": queues a reconcile of this integration and wakes the worker. */
export function ReconcileNowButton({ id, disabled }: { id: string; disabled: boolean }) {
  const t = useT("integrations");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        disabled={disabled || pending}
        onClick={() =>
          start(async () => {
            const r = await reconcileNowAction({ id });
            if (r.ok) {
              setNote(null);
              notify.success(r.data.queued ? t("diag.reconcileQueued") : t("diag.reconcileAlready"));
            } else setNote({ ok: false, text: r.message });
            router.refresh();
          })
        }
      >
        {t("diag.reconcileNow")}
      </Button>
      {note ? (
        <span className={note.ok ? "text-xs text-slate-600" : "text-xs text-red-700"} role="status">
          {note.text}
        </span>
      ) : null}
    </div>
  );
}

/** Retry one dead-lettered job of this integration. */
export function RetryJobButton({ id, jobId, disabled }: { id: string; jobId: number; disabled: boolean }) {
  const t = useT("integrations");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={disabled || pending}
        aria-label={t("diag.retryJob", { id: jobId })}
        onClick={() =>
          start(async () => {
            const r = await retryDeadLetterAction({ id, jobId });
            setError(r.ok ? null : r.message);
            if (r.ok) notify.success(t("diag.retried", { id: String(jobId) }));
            router.refresh();
          })
        }
      >
        {t("diag.retry")}
      </Button>
      {error ? <span className="text-xs text-red-700">{error}</span> : null}
    </span>
  );
}
