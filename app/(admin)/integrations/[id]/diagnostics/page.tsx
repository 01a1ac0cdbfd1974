import { notFound } from "next/navigation";
import { ConnectionCard } from "@/components/integrations/diagnostics/connection-card";
import { AutoRefresh, RunChecksButton } from "@/components/integrations/diagnostics/controls";
import { NotificationsCard } from "@/components/integrations/diagnostics/notifications-card";
import { ProblemsCard } from "@/components/integrations/diagnostics/problems-card";
import { ProblemMailLine } from "@/components/integrations/diagnostics/problem-mail";
import { QueueCard } from "@/components/integrations/diagnostics/queue-card";
import { ReconcileCard } from "@/components/integrations/diagnostics/reconcile-card";
import { RecentSyncCard } from "@/components/integrations/diagnostics/recent-sync-card";
import { RoomsCard } from "@/components/integrations/diagnostics/rooms-card";
import { VolumeChart } from "@/components/integrations/diagnostics/volume-chart";
import { SecretCard } from "@/components/integrations/diagnostics/secret-card";
import { WebhookCard } from "@/components/integrations/diagnostics/webhook-card";
import { requireUser } from "@/lib/auth/session";
import {
  connectionView,
  notificationsView,
  problemsView,
  queueView,
  reconcileView,
  recentSyncView,
  roomsView,
  secretView,
  syncVolume24h,
  webhookView,
} from "@/lib/integrations/queries";
import { diagnosticsStamp } from "@/lib/integrations/queries/stamp";
import { findIntegration } from "@/lib/integrations/service";

export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function DiagnosticsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Search;
}) {
  const [{ id }, user, sp] = await Promise.all([params, requireUser(), searchParams]);
  const i = await findIntegration(id);
  if (!i) notFound();
  const canAct = user.role === "admin";
  const roomsPage = {
    q: one(sp.rq)?.slice(0, 100),
    offset: Math.max(0, Math.floor(Number(one(sp.rfrom)) || 0)),
    limit: 50,
  };
  const [stamp, connection, rooms, problems, reconcile, queue, notifications, recent, volume] = await Promise.all([
    // Taken before the views: a change while they are read shows on the next check.
    diagnosticsStamp(i.id),
    connectionView(i),
    roomsView(i, roomsPage),
    problemsView(i.id),
    reconcileView(i),
    queueView(i.id),
    notificationsView(i),
    recentSyncView(i.id),
    syncVolume24h(i.id),
  ]);
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <AutoRefresh id={i.id} stamp={stamp} />
        <RunChecksButton id={i.id} disabled={!canAct} />
      </div>
      <ProblemMailLine to={i.problemEmail} />
      <div className="grid gap-6 lg:grid-cols-2">
        <ConnectionCard view={connection} />
        <SecretCard view={secretView(i)} />
      </div>
      <RoomsCard view={rooms} base={`/integrations/${i.id}/diagnostics`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <WebhookCard view={webhookView(i)} />
        <ProblemsCard problems={problems} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <ReconcileCard integrationId={i.id} view={reconcile} canAct={canAct} />
        <QueueCard integrationId={i.id} view={queue} canAct={canAct} />
      </div>
      <VolumeChart hours={volume} />
      <NotificationsCard rows={notifications} />
      <RecentSyncCard rows={recent} />
    </div>
  );
}
