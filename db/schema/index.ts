// All tables, one import for the db client and drizzle-kit.
export * from "./core";
export * from "./integrations";
export * from "./sync";
export * from "./jobs";
export * from "./security";
