// Small shared constants of the sync engine: Graph paths for a mailbox's events and the marker of
// a link whose event we are deleting (so the delete notification counts as our echo).
export const eventPath = (mailbox: string, eventId = "") =>
  `${mailbox === "me" ? "/me" : `/users/${encodeURIComponent(mailbox)}`}/events${eventId ? `/${encodeURIComponent(eventId)}` : ""}`;

export const DELETING = "__deleting__";
