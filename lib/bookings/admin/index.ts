// Admin CRUD for the booking side (rooms + policies, customers, statuses, templates): what the
// admin pages' server actions call. Every write validates, runs in a transaction and is audited.
export * from "./rooms";
export * from "./customers";
export * from "./statuses";
export * from "./templates";
export * from "./schemas";
export type { AdminOptions } from "./admin-support";
