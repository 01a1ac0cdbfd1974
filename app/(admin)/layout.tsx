import { Sidebar } from "@/components/shell/sidebar";
import { Toaster } from "@/components/ui/toaster";
import { requireUser } from "@/lib/auth/session";
import { TimeProvider } from "@/lib/time/client";
import { getTimeContext } from "@/lib/time/server";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const [user, time] = await Promise.all([requireUser(), getTimeContext()]);
  return (
    <TimeProvider zone={time.zone} detected={time.detected}>
      <div className="flex min-h-screen">
        <Sidebar user={user} />
        <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
      </div>
      <Toaster />
    </TimeProvider>
  );
}
