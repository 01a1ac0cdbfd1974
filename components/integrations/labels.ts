// Badge tones for integration states (labels come from the `integrations` message area).
import type { Integration } from "@/db/schema";

export const stateTone: Record<Integration["state"], "slate" | "amber" | "blue" | "green" | "red"> = {
  draft: "slate",
  consent_pending: "amber",
  connected: "blue",
  active: "green",
  needs_attention: "red",
};
