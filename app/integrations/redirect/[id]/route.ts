// Where Azure sends the browser after consent: verify state (bound to the signed-in admin), store
// the outcome, and go back to the authentication screen with an outcome code only.
import { currentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { completeConsentRedirect } from "@/lib/integrations/consent";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  const params = new URL(req.url).searchParams;
  const user = await currentUser().catch(() => null);
  // Our states are base64url tokens (randomToken): anything else (NUL bytes, megabytes) is refused
  // before it reaches the database, which would reject a NUL with a 500.
  const stateShaped = /^[A-Za-z0-9_-]{0,200}$/.test(params.get("state") ?? "");
  const outcome =
    /^[0-9a-f-]{36}$/i.test(id) && stateShaped
      ? await completeConsentRedirect(id, params, user?.id ?? null)
      : "state_mismatch";
  // The base URL from configuration, not the request's Host: correct behind a proxy.
  const back = new URL(`/integrations/${encodeURIComponent(id)}/auth`, env.baseUrl);
  back.searchParams.set("outcome", outcome);
  return new Response(null, {
    status: 303,
    headers: { Location: back.toString(), "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}
