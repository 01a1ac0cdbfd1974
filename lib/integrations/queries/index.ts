// Read models of the integration screens: the list and the screens' options (integrations.ts), and
// the diagnostics page, one view model per card (diagnostics.ts).
export * from "./integrations";
export * from "./diagnostics";
