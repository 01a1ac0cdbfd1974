"use client";
// The mode chosen on the authentication form, before it is saved: the consent steps beside the
// form explain the chosen mode (and ask to save first), not the saved one.
import { createContext, useContext, useState, type ReactNode } from "react";

type Mode = "delegated" | "application";
const Ctx = createContext<{ mode: Mode | null; setMode: (m: Mode) => void }>({ mode: null, setMode: () => {} });

export function SelectedModeProvider({ children }: { children: ReactNode }) {
  const [mode, setMode] = useState<Mode | null>(null);
  return <Ctx.Provider value={{ mode, setMode }}>{children}</Ctx.Provider>;
}

/** The chosen mode, or `saved` while the form has not changed it. */
export function useSelectedMode(saved: Mode): Mode {
  return useContext(Ctx).mode ?? saved;
}

export function useSetSelectedMode(): (m: Mode) => void {
  return useContext(Ctx).setMode;
}
