// Demo data: a realistic working week of meetings across the tenant's users and rooms, from this
// week's Monday, booked the way Outlook would (rooms invited as resources, so rooms process them).
import { DateTime } from "luxon";
import { must } from "@/lib/invariant";
import { mailboxOf, type Core } from "./core";

const SUBJECTS = [
  "Weekly team sync",
  "Sprint planning",
  "Design review",
  "1:1",
  "Customer call: Contoso",
  "Budget review",
  "Hiring debrief",
  "Architecture deep dive",
  "Quarterly business review",
  "Product demo",
  "Retrospective",
  "Onboarding session",
  "Vendor negotiation",
  "All-hands prep",
  "Roadmap workshop",
];

/** This week's Monday; on a weekend the coming Monday, so the demo week is not already over. */
function firstMonday(zone: string): DateTime {
  const now = DateTime.now().setZone(zone);
  return now.startOf("week").plus({ weeks: now.weekday >= 6 ? 1 : 0 });
}

export function seedDemoMeetings(core: Core): void {
  const dir = core.ctx.directory;
  const users = dir.users().filter((u) => u.kind === "user");
  const rooms = dir.users().filter((u) => u.kind === "room");
  const [org] = users;
  if (org === undefined) return;
  if (users.some((u) => core.store.list(u.id).length > 0)) return; // seed once
  let n = 7;
  // LCG: use the high bits, the low bits of a power-of-two LCG cycle with a tiny period.
  const rnd = (k: number) => {
    n = (n * 1103515245 + 12345) % 2147483648;
    return (n >>> 16) % k;
  };
  const pick = <T>(list: readonly T[]): T => must(list[rnd(list.length)], "a pick from a non-empty list");
  for (let day = 0; day < 5; day++) {
    for (let i = 0; i < Math.max(6, users.length * 2); i++) {
      const organizer = pick(users);
      const monday = firstMonday(organizer.timeZone);
      const start = monday
        .plus({ days: day })
        .set({ hour: 9 + rnd(8), minute: rnd(2) * 30, second: 0, millisecond: 0 });
      const minutes = pick([30, 60, 60, 90]);
      const room = rooms.length ? pick(rooms) : undefined;
      const others = users.filter((u) => u.id !== organizer.id).slice(0, 1 + rnd(2));
      const attendees = [
        ...others.map((u) => ({ type: "required", emailAddress: { name: u.displayName, address: u.mail } })),
        ...(room ? [{ type: "resource", emailAddress: { name: room.displayName, address: room.mail } }] : []),
      ];
      try {
        core.store.create(mailboxOf(organizer), {
          subject: pick(SUBJECTS),
          body: { contentType: "html", content: "<p>Agenda to follow.</p>" },
          start: { dateTime: start.toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: organizer.timeZone },
          end: { dateTime: start.plus({ minutes }).toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: organizer.timeZone },
          attendees,
          location: room ? { displayName: room.displayName, locationEmailAddress: room.mail } : undefined,
          isOnlineMeeting: rnd(3) === 0,
        });
      } catch (err) {
        core.ctx.log.warn({ err }, "demo meeting not seeded");
      }
    }
  }
  // One weekly series so the demo shows recurrence.
  const [room] = rooms;
  const monday = firstMonday(org.timeZone).set({ hour: 8, minute: 30 });
  core.store.create(mailboxOf(org), {
    subject: "Monday stand-up",
    start: { dateTime: monday.toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: org.timeZone },
    end: { dateTime: monday.plus({ minutes: 15 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: org.timeZone },
    attendees: room ? [{ type: "resource", emailAddress: { name: room.displayName, address: room.mail } }] : [],
    recurrence: {
      pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"], firstDayOfWeek: "monday" },
      range: { type: "noEnd", startDate: monday.toISODate() },
    },
    isOnlineMeeting: true,
    onlineMeetingProvider: "teamsForBusiness",
  });
  core.changed();
}
