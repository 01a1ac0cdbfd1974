import NextAuth, { type AuthOptions } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { servedOverHttps } from "@/lib/auth/cookies";

export const dynamic = "force-dynamic";

// next-auth v4 types the handler it returns as `any`; in the App Router it is this.
type AppRouteHandler = (req: Request, ctx: { params: { nextauth: string[] } }) => Promise<Response>;
const nextAuth = NextAuth as (options: AuthOptions) => AppRouteHandler;

async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  // next-auth v4 reads params synchronously; Next 16 hands them over as a promise.
  const params = await ctx.params;
  // Secure cookies when this request came over https (also through a trusted proxy), whatever the base URL says.
  return nextAuth(authOptions({ secure: servedOverHttps(req.headers, req.url) }))(req, { params });
}

export { handler as GET, handler as POST };
