import "next-auth";

declare module "next-auth" {
  interface Session {
    /** sv: the user's session version when the token was issued (compared with the row on every request). */
    user: { id: string; name?: string | null; email?: string | null; role: "admin" | "viewer"; sv: number };
  }
}
