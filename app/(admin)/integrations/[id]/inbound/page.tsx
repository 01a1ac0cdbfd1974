import { notFound } from "next/navigation";
import { InboundForm } from "@/components/integrations/inbound-form";
import { InitialSync } from "@/components/integrations/initial-sync";
import { requireUser } from "@/lib/auth/session";
import { mappedRooms } from "@/lib/integrations/config";
import { configOptions } from "@/lib/integrations/queries";
import { findIntegration } from "@/lib/integrations/service";
import { initialSyncProgress } from "@/lib/sync/inbound/initial-sync";

/** Initial-sync rows shown: those needing attention come first (1,000 rooms are not listed). */
const INITIAL_ROWS = 25;

type SyncRoom = Awaited<ReturnType<typeof initialSyncProgress>>["rooms"][number];

/** Failed rooms first, then those still importing or pushing, then the live ones (stable within each). */
function firstToShow(rooms: SyncRoom[]): SyncRoom[] {
  const rank = (r: SyncRoom) => (r.state === "failed" ? 0 : r.state === "pending" || r.pushed < r.toPush ? 1 : 2);
  return [...rooms].sort((a, b) => rank(a) - rank(b));
}

export default async function InboundPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, user] = await Promise.all([params, requireUser()]);
  const i = await findIntegration(id);
  if (!i) notFound();
  const [options, mapping, initial] = await Promise.all([configOptions(), mappedRooms(i.id), initialSyncProgress(i)]);
  const active = i.state === "active" || i.state === "needs_attention";
  return (
    <div className="space-y-6">
      <InboundForm
        readOnly={user.role !== "admin"}
        options={options}
        connected={Boolean(i.connectedAt)}
        active={active}
        defaults={{
          id: i.id,
          mode: i.mode,
          rooms: mapping.map((m) => ({ mailboxUpn: m.mailboxUpn, roomId: m.roomId })),
          inboundRoomId: i.inboundRoomId ?? "",
          inboundStatusId: i.inboundStatusId ?? "",
          inboundStatusWithCustomerId: i.inboundStatusWithCustomerId ?? "",
          lockUpdateStatusIds: i.lockUpdateStatusIds,
          lockDeleteStatusIds: i.lockDeleteStatusIds,
          allowBookingUpdate: i.allowBookingUpdate,
          ignoreValidationOnUpdate: i.ignoreValidationOnUpdate,
          showPrivateSubjects: i.showPrivateSubjects,
        }}
      />
      {/* Shown from activation on: the first full sync's progress per room. */}
      {active && initial.total ? (
        <InitialSync
          done={initial.done}
          total={initial.total}
          rooms={firstToShow(initial.rooms).slice(0, INITIAL_ROWS)}
          more={Math.max(0, initial.rooms.length - INITIAL_ROWS)}
        />
      ) : null}
    </div>
  );
}
