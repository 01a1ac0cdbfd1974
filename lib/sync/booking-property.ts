// Our booking id on the Outlook events Roomlink writes (outbound) and how it is read back (inbound:
// an event carrying it is ours, an echo or a copy of what we wrote).
/**
 * Single-value extended property carrying our booking id: how we recognise our own events even
 * before the link row exists. https://learn.microsoft.com/graph/api/resources/extended-properties-overview
 */
export const BOOKING_PROP_ID = "String {5b1c7e2a-4f0e-4a8e-9a54-3d1f6c0b7e21} Name RoomlinkBookingId";
export const BOOKING_PROP_EXPAND = `singleValueExtendedProperties($filter=id eq '${BOOKING_PROP_ID}')`;

export function ourBookingId(ev: { singleValueExtendedProperties?: { id: string; value: string }[] }): string | null {
  const p = ev.singleValueExtendedProperties?.find((x) => x.id.toLowerCase() === BOOKING_PROP_ID.toLowerCase());
  return p?.value ?? null;
}
