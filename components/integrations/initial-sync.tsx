"use client";
// Activation's first full sync, per room (seed 003 "Initial sync"): calendars done of total, meetings
// imported, Roomlink bookings pushed, and why a room is not live yet. Refreshes itself while a room
// is still importing; a room is called live only once its import finished.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Alert, Card } from "@/components/ui/card";
import { useT } from "@/lib/i18n/client";
import type { InitialSyncRoom } from "@/lib/sync/inbound/initial-sync";

/** The read model of lib/sync/initial-sync.ts, as the page hands it over. */
export type InitialSyncRoomView = InitialSyncRoom;

export function InitialSync({
  done,
  total,
  rooms,
  more = 0,
}: {
  done: number;
  total: number;
  /** The rooms shown (the page puts those needing attention first); `more` were left out. */
  rooms: InitialSyncRoomView[];
  more?: number;
}) {
  const t = useT("integrations");
  const router = useRouter();
  const busy = rooms.some((r) => r.state === "pending" || r.pushed < r.toPush);
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [busy, router]);
  return (
    <Card title={t("init.title")}>
      <div className="space-y-3" data-testid="initial-sync">
        <p className="text-sm text-slate-600">{t("init.summary", { done, total })}</p>
        {rooms.some((r) => r.state === "failed") ? <Alert tone="warning">{t("init.retry")}</Alert> : null}
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th className="py-1 pr-3 font-medium">{t("init.room")}</th>
              <th className="py-1 pr-3 font-medium">{t("init.state")}</th>
              <th className="py-1 pr-3 font-medium">{t("init.imported")}</th>
              <th className="py-1 font-medium">{t("init.pushed")}</th>
            </tr>
          </thead>
          <tbody>
            {rooms.map((r) => (
              <tr key={r.mailbox} className="border-t border-slate-100 align-top">
                <td className="py-1.5 pr-3">
                  <div className="font-medium text-slate-800">{r.roomName}</div>
                  <div className="text-xs text-slate-500">
                    {r.mailbox === "me" ? t("init.serviceAccount") : r.mailbox}
                  </div>
                </td>
                <td className="py-1.5 pr-3">
                  {t(`init.state.${r.state}`)}
                  {r.error ? <p className="mt-0.5 text-xs text-red-600">{r.error}</p> : null}
                  {r.advice ? <p className="mt-0.5 text-xs text-slate-600">{r.advice}</p> : null}
                </td>
                <td className="py-1.5 pr-3">{r.imported ?? "…"}</td>
                <td className="py-1.5">{t("init.pushedOf", { pushed: r.pushed, total: r.toPush })}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {more > 0 ? (
          <p className="text-xs text-slate-500">{more === 1 ? t("init.moreOne") : t("init.more", { count: more })}</p>
        ) : null}
      </div>
    </Card>
  );
}
