// Runs once when the Next server starts: database (migrations), demo data, embedded sandbox tenant,
// background jobs. Node runtime only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startRoomlink } = await import("@/lib/startup");
  await startRoomlink();
}
