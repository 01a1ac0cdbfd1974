// Read models of the integration screens: the list and the screens' options (integrations.ts), and
// the diagnostics page, one view model per card (health cards in diagnostics.ts, sync activity cards
// in activity.ts).
export * from "./integrations";
export * from "./diagnostics";
export * from "./activity";
export * from "./sync-volume";
