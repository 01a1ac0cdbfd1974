// Outlook-side helpers for sync integration tests: times relative to today (UTC) and in Graph's
// dateTimeTimeZone shape, and the attendee / event fields the tests read back.
export type Attendee = { emailAddress: { address: string }; type: string; status?: { response?: string } };
export type Ev = { id: string; attendees: Attendee[] };

/** Today + `dayOffset` days at hour:minutes UTC. */
export const at = (dayOffset: number, hour: number, minutes = 0) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + dayOffset);
  d.setUTCHours(hour, minutes, 0, 0);
  return d;
};

/** Graph dateTimeTimeZone for a UTC instant. */
export const gt = (d: Date) => ({ dateTime: d.toISOString().replace("Z", ""), timeZone: "UTC" });
