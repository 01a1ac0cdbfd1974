// Saving the configuration screens: general behaviour and inbound (incl. the room mailbox mapping,
// replaced as a whole). Both audited as diffs; a mode change resets consent like the auth screen.
import { eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  bookingStatuses,
  integrationRooms,
  integrations,
  rooms,
  subscriptions,
  templates,
  type Integration,
  type Subscription,
} from "@/db/schema";
import { catalogMessage, UserFacingError } from "@/lib/actions/safe-action";
import { forgetIdentity } from "@/lib/graph/identity";
import { auditDiff, auditIntegration, type Actor } from "./audit";
import type { GeneralValues, InboundValues } from "./config.schema";
import { IntegrationNotFoundError } from "./service";
import { deleteSubscription } from "./subscriptions";
import { log } from "@/lib/log";
import { must } from "@/lib/invariant";

async function checkIds(
  ids: string[],
  table: typeof bookingStatuses | typeof rooms | typeof templates,
  field: string,
): Promise<void> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return;
  const db = await getDb();
  const found = await db.select({ id: table.id }).from(table).where(inArray(table.id, unique));
  if (found.length !== unique.length)
    throw new UserFacingError(catalogMessage("integrations", "err.staleChoice"), field);
}

export async function saveGeneral(actor: Actor, v: GeneralValues): Promise<Integration> {
  await checkIds([...v.createOnStatusIds, ...v.deleteOnStatusIds], bookingStatuses, "createOnStatusIds");
  await checkIds([v.templateId], templates, "templateId");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(integrations).where(eq(integrations.id, v.id)).for("update");
    if (!before) throw new IntegrationNotFoundError();
    const [after] = await tx
      .update(integrations)
      .set({
        bookingIdField: v.bookingIdField,
        templateId: v.templateId || null,
        createTeamsLink: v.createTeamsLink,
        teamsLinkField: v.teamsLinkField,
        useCustomerData: v.useCustomerData,
        createOnStatusIds: v.createOnStatusIds,
        deleteOnStatusIds: v.deleteOnStatusIds,
        problemEmail: v.problemEmail || null,
        updatedAt: new Date(),
      })
      .where(eq(integrations.id, v.id))
      .returning();
    // The row is locked FOR UPDATE above: it cannot have gone away in between.
    const saved = must(after, "integration row locked for update");
    const diff = auditDiff(before, saved);
    await auditIntegration(tx, actor, v.id, "integration.config", diff.before, diff.after);
    return saved;
  });
}

export async function saveInbound(actor: Actor, v: InboundValues): Promise<Integration> {
  const statusIds = [
    v.inboundStatusId,
    v.inboundStatusWithCustomerId,
    ...v.lockUpdateStatusIds,
    ...v.lockDeleteStatusIds,
  ];
  await checkIds(statusIds, bookingStatuses, "inboundStatusId");
  await checkIds([v.inboundRoomId, ...v.rooms.map((r) => r.roomId)], rooms, "rooms");
  const db = await getDb();
  let orphaned: Subscription[] = [];
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(integrations).where(eq(integrations.id, v.id)).for("update");
    if (!before) throw new IntegrationNotFoundError();
    const patch: Partial<Integration> = {
      mode: v.mode,
      inboundRoomId: v.inboundRoomId || null,
      inboundStatusId: v.inboundStatusId,
      inboundStatusWithCustomerId: v.inboundStatusWithCustomerId || null,
      lockUpdateStatusIds: v.lockUpdateStatusIds,
      lockDeleteStatusIds: v.lockDeleteStatusIds,
      allowBookingUpdate: v.allowBookingUpdate,
      ignoreValidationOnUpdate: v.ignoreValidationOnUpdate,
      ...(v.showPrivateSubjects !== undefined && { showPrivateSubjects: v.showPrivateSubjects }),
      updatedAt: new Date(),
    };
    if (before.mode !== v.mode) {
      // Another mode needs another consent and token type: the steps must run again.
      Object.assign(patch, {
        tokenCacheSealed: null,
        consentedAt: null,
        connectedAt: null,
        connectedAccount: null,
        grantedRoles: null,
        state: before.state === "active" ? "needs_attention" : "draft",
      });
    }
    const [updated] = await tx.update(integrations).set(patch).where(eq(integrations.id, v.id)).returning();
    // The row is locked FOR UPDATE above: it cannot have gone away in between.
    const after = must(updated, "integration row locked for update");
    const diff = auditDiff(before, after);
    // Application: the mailboxes whose calendars are read; delegated: the mailboxes events invite.
    {
      const current = await tx.select().from(integrationRooms).where(eq(integrationRooms.integrationId, v.id));
      const wanted = new Map(
        v.rooms.map((r) => [r.mailboxUpn.trim().toLowerCase(), { upn: r.mailboxUpn.trim(), roomId: r.roomId }]),
      );
      const stale = current.filter((c) => {
        const w = wanted.get(c.mailboxUpn.toLowerCase());
        return !w || w.roomId !== c.roomId;
      });
      if (stale.length) {
        orphaned = await tx
          .select()
          .from(subscriptions)
          .where(
            inArray(
              subscriptions.integrationRoomId,
              stale.map((s) => s.id),
            ),
          );
      }
      if (stale.length)
        await tx.delete(integrationRooms).where(
          inArray(
            integrationRooms.id,
            stale.map((s) => s.id),
          ),
        );
      const keep = new Set(current.filter((c) => !stale.includes(c)).map((c) => c.mailboxUpn.toLowerCase()));
      const add = [...wanted.values()].filter((w) => !keep.has(w.upn.toLowerCase()));
      for (let i = 0; i < add.length; i += 500) {
        await tx
          .insert(integrationRooms)
          .values(add.slice(i, i + 500).map((w) => ({ integrationId: v.id, mailboxUpn: w.upn, roomId: w.roomId })));
      }
      if (stale.length > 0 || add.length > 0) {
        diff.before.rooms = current.length;
        diff.after.rooms = {
          count: wanted.size,
          added: add.map((a) => a.upn).slice(0, 50),
          removed: stale.map((s) => s.mailboxUpn).slice(0, 50),
        };
      }
    }
    await auditIntegration(tx, actor, v.id, "integration.inbound", diff.before, diff.after);
    return after;
  });
  forgetIdentity(v.id);
  // Unmapped rooms: their subscriptions' rows went with the mapping; remove them on Graph too.
  for (const sub of orphaned) {
    await deleteSubscription(result, sub).catch((err: unknown) =>
      log.warn(
        { integrationId: v.id, subscriptionId: sub.graphId, err },
        "could not delete subscription of an unmapped room",
      ),
    );
  }
  return result;
}

export async function mappedRooms(integrationId: string) {
  const db = await getDb();
  return db
    .select()
    .from(integrationRooms)
    .where(eq(integrationRooms.integrationId, integrationId))
    .orderBy(integrationRooms.createdAt);
}
