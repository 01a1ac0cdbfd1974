// Customers for the admin pages: validated, audited create / update / delete. Deleting keeps
// the bookings (their customer becomes empty via the foreign key's ON DELETE SET NULL).
import { eq } from "drizzle-orm";
import { customers, type Customer } from "@/db/schema";
import { must } from "@/lib/invariant";
import { BookingError } from "../errors";
import { adminTx, assertUnique, audit, parseOrThrow, type AdminOptions } from "./admin-support";
import { makeCustomerSchema, type CustomerInput } from "./schemas";

const unique = { code: "email_taken" as const, field: "email", entity: "customer", entityNl: "klant" };

export async function createCustomer(input: CustomerInput, opts: AdminOptions): Promise<Customer> {
  const v = parseOrThrow(makeCustomerSchema, input);
  return adminTx(opts, async (tx) => {
    await assertUnique(tx, customers, customers.id, customers.email, v.email, null, unique);
    const c = must((await tx.insert(customers).values(v).returning())[0], "the inserted customer");
    await audit(tx, opts, "customer", c.id, "created", null, c);
    return c;
  });
}

export async function updateCustomer(id: string, input: CustomerInput, opts: AdminOptions): Promise<Customer> {
  const v = parseOrThrow(makeCustomerSchema, input);
  return adminTx(opts, async (tx) => {
    const [before] = await tx.select().from(customers).where(eq(customers.id, id)).for("update");
    if (!before) throw new BookingError([{ code: "customer_not_found", field: "form" }]);
    await assertUnique(tx, customers, customers.id, customers.email, v.email, id, unique);
    // The row is locked above, so the update finds it.
    const [updated] = await tx
      .update(customers)
      .set({ ...v, updatedAt: new Date() })
      .where(eq(customers.id, id))
      .returning();
    const after = must(updated, "the locked customer, updated");
    await audit(tx, opts, "customer", id, "updated", before, after);
    return after;
  });
}

export async function deleteCustomer(id: string, opts: AdminOptions): Promise<void> {
  await adminTx(opts, async (tx) => {
    const [before] = await tx.delete(customers).where(eq(customers.id, id)).returning();
    if (!before) throw new BookingError([{ code: "customer_not_found", field: "form" }]);
    await audit(tx, opts, "customer", id, "deleted", before, null);
  });
}
