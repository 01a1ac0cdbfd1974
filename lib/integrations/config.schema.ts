// Configuration forms (seed 000 §2.2 general, §2.3 inbound), shared by the client forms
// (zodResolver) and the server actions. Messages are i18n keys of the `integrations` area.
import { z } from "zod";

const uuid = z.string().uuid();
const optionalUuid = z.union([z.literal(""), uuid]).default("");
const bookingField = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "err.fieldName");
// A UPN is user@domain; room mailboxes are usually name@tenant.onmicrosoft.com or name@company.tld.
export const UPN = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}$/;

export const generalSchema = z
  .object({
    id: uuid,
    bookingIdField: bookingField,
    templateId: optionalUuid,
    createTeamsLink: z.boolean(),
    teamsLinkField: bookingField,
    useCustomerData: z.boolean(),
    createOnStatusIds: z.array(uuid),
    deleteOnStatusIds: z.array(uuid),
    problemEmail: z.union([z.literal(""), z.string().trim().email("err.email")]).default(""),
  })
  .superRefine((v, ctx) => {
    if (v.createTeamsLink && v.teamsLinkField === v.bookingIdField) {
      ctx.addIssue({ code: "custom", path: ["teamsLinkField"], message: "err.sameField" });
    }
    const both = v.createOnStatusIds.filter((s) => v.deleteOnStatusIds.includes(s));
    if (both.length) ctx.addIssue({ code: "custom", path: ["deleteOnStatusIds"], message: "err.statusOverlap" });
  });

export const mappingRow = z.object({
  mailboxUpn: z.string().trim().regex(UPN, "err.upnFormat"),
  roomId: z.string().uuid("err.roomRequired"),
});

export const inboundSchema = z
  .object({
    id: uuid,
    mode: z.enum(["delegated", "application"]),
    rooms: z.array(mappingRow).max(5000),
    inboundRoomId: optionalUuid,
    inboundStatusId: z.string().uuid("err.required"),
    inboundStatusWithCustomerId: optionalUuid,
    lockUpdateStatusIds: z.array(uuid),
    lockDeleteStatusIds: z.array(uuid),
    allowBookingUpdate: z.boolean(),
    ignoreValidationOnUpdate: z.boolean(),
    /** Private / confidential Outlook meetings keep their subject (default off: "Private meeting"). */
    showPrivateSubjects: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.mode === "delegated" && !v.inboundRoomId)
      ctx.addIssue({ code: "custom", path: ["inboundRoomId"], message: "err.inboundRoomRequired" });
    // Both modes: application reads each mailbox's calendar, delegated invites the mailbox.
    const seen = new Map<string, number>();
    const rooms = new Set<string>();
    v.rooms.forEach((r, idx) => {
      const key = r.mailboxUpn.trim().toLowerCase();
      if (seen.has(key))
        ctx.addIssue({ code: "custom", path: ["rooms", idx, "mailboxUpn"], message: "err.duplicateUpn" });
      else seen.set(key, idx);
      // Delegated: one mailbox per room, or Roomlink would not know which one to invite.
      if (v.mode === "delegated" && r.roomId) {
        if (rooms.has(r.roomId))
          ctx.addIssue({ code: "custom", path: ["rooms", idx, "roomId"], message: "err.duplicateRoom" });
        rooms.add(r.roomId);
      }
    });
  });

export type GeneralInput = z.input<typeof generalSchema>;
export type GeneralValues = z.output<typeof generalSchema>;
export type InboundInput = z.input<typeof inboundSchema>;
export type InboundValues = z.output<typeof inboundSchema>;
