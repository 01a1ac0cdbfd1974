// Subject/body templates for the admin pages: validated (unknown placeholders are refused with
// their names, so a typo does not reach every Outlook event), audited create / update / delete.
import { eq } from "drizzle-orm";
import { templates, type Template } from "@/db/schema";
import { must } from "@/lib/invariant";
import { BookingError } from "../errors";
import { adminTx, audit, parseOrThrow, type AdminOptions } from "./admin-support";
import { makeTemplateSchema, type TemplateInput } from "./schemas";

export async function createTemplate(input: TemplateInput, opts: AdminOptions): Promise<Template> {
  const v = parseOrThrow(makeTemplateSchema, input);
  return adminTx(opts, async (tx) => {
    const t = must((await tx.insert(templates).values(v).returning())[0], "the inserted template");
    await audit(tx, opts, "template", t.id, "created", null, t);
    return t;
  });
}

export async function updateTemplate(id: string, input: TemplateInput, opts: AdminOptions): Promise<Template> {
  const v = parseOrThrow(makeTemplateSchema, input);
  return adminTx(opts, async (tx) => {
    const [before] = await tx.select().from(templates).where(eq(templates.id, id)).for("update");
    if (!before)
      throw new BookingError([
        {
          code: "invalid_value",
          field: "form",
          params: { detail: "This template does not exist (any more)", detailNl: "Deze sjabloon bestaat niet (meer)" },
        },
      ]);
    // The row is locked above, so the update finds it.
    const [updated] = await tx
      .update(templates)
      .set({ ...v, updatedAt: new Date() })
      .where(eq(templates.id, id))
      .returning();
    const after = must(updated, "the locked template, updated");
    await audit(tx, opts, "template", id, "updated", before, after);
    return after;
  });
}

export async function deleteTemplate(id: string, opts: AdminOptions): Promise<void> {
  await adminTx(opts, async (tx) => {
    const [before] = await tx.delete(templates).where(eq(templates.id, id)).returning();
    if (before) await audit(tx, opts, "template", id, "deleted", before, null);
  });
}

export async function listTemplates(opts: Pick<AdminOptions, "db"> = {}): Promise<Template[]> {
  const { resolveDb } = await import("../write-support");
  const db = await resolveDb({ actor: "system:sync", db: opts.db });
  return db.select().from(templates).orderBy(templates.name);
}
