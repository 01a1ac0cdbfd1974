"use client";
// The Azure / Entra ID steps for the chosen mode, with this integration's redirect URI and client id
// filled into the PowerShell lines (seed 000 §1, and the room subject fix).
import { useT } from "@/lib/i18n/client";
import { CopyButton } from "./copy-button";

export function AzureChecklist({
  mode,
  clientId,
  returnUrl,
}: {
  mode: "delegated" | "application";
  clientId: string;
  returnUrl: string;
}) {
  const t = useT("integrations");
  const appId = clientId || "<client-id>";
  const policy = [
    `New-ApplicationAccessPolicy -AppId ${appId} \``,
    "  -PolicyScopeGroupId roomlink-rooms@contoso.com `",
    "  -AccessRight RestrictAccess `",
    '  -Description "Roomlink room sync: room mailboxes only"',
    `Test-ApplicationAccessPolicy -Identity zaal-a@contoso.com -AppId ${appId}`,
  ].join("\n");
  const rooms =
    "Set-CalendarProcessing -Identity zaal-a@contoso.com -AddOrganizerToSubject $false -DeleteSubject $false";
  const steps = [
    t("check.register"),
    t("check.redirect", { url: returnUrl }),
    t("check.secret"),
    mode === "delegated" ? t("check.permDelegated") : t("check.permApplication"),
  ];
  return (
    <div className="space-y-3 text-sm text-slate-700">
      <ol className="list-decimal space-y-1.5 pl-5">
        {steps.map((s) => (
          <li key={s} className="break-words">
            {s}
          </li>
        ))}
        {mode === "delegated" ? <li>{t("check.account")}</li> : null}
        {mode === "application" ? (
          <li>
            {t("check.policy")}
            <Code text={policy} />
            <p className="text-xs text-slate-500">{t("check.policyNote")}</p>
          </li>
        ) : null}
        <li>
          {t("check.rooms")}
          <Code text={rooms} />
        </li>
      </ol>
    </div>
  );
}

function Code({ text }: { text: string }) {
  return (
    <div className="mt-1.5 overflow-hidden rounded-md bg-slate-900">
      <div className="flex justify-end border-b border-slate-700 px-1.5 py-1">
        <CopyButton text={text} dark />
      </div>
      <pre className="whitespace-pre-wrap break-words px-3 py-2 text-xs leading-relaxed text-slate-100">{text}</pre>
    </div>
  );
}
