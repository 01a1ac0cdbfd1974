import { notFound } from "next/navigation";
import { InboundForm } from "@/components/integrations/inbound-form";
import { InitialSync } from "@/components/integrations/initial-sync";
import { requireUser } from "@/lib/auth/session";
import { mappedRooms } from "@/lib/integrations/config";
import { configOptions } from "@/lib/integrations/queries";
import { findIntegration } from "@/lib/integrations/service";
import { initialSyncProgress } from "@/lib/sync/inbound/initial-sync";

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
      {active && initial.total ? <InitialSync done={initial.done} total={initial.total} rooms={initial.rooms} /> : null}
    </div>
  );
}
