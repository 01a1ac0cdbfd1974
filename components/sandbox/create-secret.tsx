"use client";
// Sandbox tenant page: one click creates a client secret on the sandbox's app registration and
// shows its value once, with a copy button and where to paste it (the sandbox, like Entra, never
// shows a secret's value again).
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { CopyButton } from "@/components/integrations/copy-button";
import { useT } from "@/lib/i18n/client";
import { createSandboxSecretAction, type CreatedSandboxSecret } from "@/lib/sandbox-link/secret";
import { useTimeFormat } from "@/lib/time/client";

export function CreateSandboxSecret({
  clientId,
  appName,
  tenantId,
}: {
  clientId: string;
  appName: string;
  tenantId: string;
}) {
  const t = useT("sandboxSecret");
  const [pending, start] = useTransition();
  const [created, setCreated] = useState<CreatedSandboxSecret | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A secret's expiry is its date, the same in every zone (as on the integration screens).
  const when = useTimeFormat();
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            const r = await createSandboxSecretAction({ clientId });
            if (r.ok) setCreated(r.data);
            else setError(r.message);
          })
        }
      >
        {pending ? t("creating") : t("create")}
      </Button>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {created ? (
        <Alert tone="success" title={t("created", { app: appName })}>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs" data-testid="sandbox-new-secret">
              {created.secretText}
            </code>
            <CopyButton text={created.secretText} />
            <button type="button" className="text-xs underline" onClick={() => setCreated(null)}>
              {t("hide")}
            </button>
          </div>
          <p className="mt-1 text-xs">{t("validUntil", { date: when.dateOnly(created.endDateTime) })}</p>
          <p className="mt-1 text-xs">{t("use", { tenant: tenantId, clientId })}</p>
        </Alert>
      ) : null}
    </div>
  );
}
