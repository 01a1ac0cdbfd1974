// Who the "act as an Outlook user" pages act as (?as=) and whom they list: the tenant's users and rooms.
import type { DirectoryUser } from "@/lib/sandbox/contracts";
import type { Core } from "../core";
import { GraphError } from "../http";

/** The tenant's users and room mailboxes, in directory order. */
export function people(core: Core) {
  const all = core.ctx.directory.users();
  return { users: all.filter((u) => u.kind === "user"), rooms: all.filter((u) => u.kind === "room") };
}

/** The user the page acts as (?as= id or UPN); without one the UI asks to choose first. */
export function actor(core: Core, url: URL): DirectoryUser {
  const as = url.searchParams.get("as");
  const u = as ? core.ctx.directory.findUser(as) : undefined;
  if (!u) throw new GraphError(400, "BadRequest", "Choose a user first.");
  return u;
}
