"use client";
// Client-side translations: the provider carries the locale chosen on the server.
import { createContext, useContext, type ReactNode } from "react";
import type { Locale } from "./define";
import { translator, type Area } from "./catalog";

const LocaleContext = createContext<Locale>("en");

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useT<A extends Area>(area: A) {
  return translator(useContext(LocaleContext), area);
}
