"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useT } from "@/lib/i18n/client";
import { useTimeFormat } from "@/lib/time/client";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { parseThrottled, SIGN_IN_UNAVAILABLE } from "@/lib/auth/throttle-message";

/** Nothing to subscribe to: the value only changes from the server snapshot to the client one. */
const noSubscription = () => () => {};

type Failure = { kind: "failed" } | { kind: "throttled"; until: Date } | { kind: "unavailable" };

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useT("common");
  const fmt = useTimeFormat();
  const router = useRouter();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [pending, setPending] = useState(false);
  // Until React has hydrated, a click would submit the plain HTML form: keep the button off till then.
  // (false in the server's HTML and while hydrating, true once React runs in the browser.)
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setFailure(null);
    const res = await signIn("credentials", {
      email: form.get("email"),
      password: form.get("password"),
      redirect: false,
    }).catch(() => undefined);
    setPending(false);
    if (res?.ok && !res.error) {
      // The server already cleaned it; checked again against this page's origin before navigating.
      router.replace(safeCallbackPath(callbackUrl, window.location.origin));
      router.refresh();
      return;
    }
    const until = parseThrottled(res?.error);
    if (until) setFailure({ kind: "throttled", until });
    else if (!res || res.error === SIGN_IN_UNAVAILABLE || res.status >= 500) setFailure({ kind: "unavailable" });
    else setFailure({ kind: "failed" });
  }

  return (
    <form method="post" onSubmit={(e) => void submit(e)} className="space-y-4" noValidate>
      {failure ? <Alert tone="error">{message(failure)}</Alert> : null}
      <Field label={t("login.email")} htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field label={t("login.password")} htmlFor="password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending || !hydrated}>
        {pending ? t("common.loading") : t("login.submit")}
      </Button>
    </form>
  );

  function message(f: Failure): string {
    if (f.kind === "failed") return t("login.failed");
    if (f.kind === "unavailable") return t("login.unavailable");
    const time = `${fmt.time(f.until)} (${fmt.zone})`;
    const minutes = Math.max(1, Math.round((f.until.getTime() - Date.now()) / 60_000));
    return t("login.throttled", { time, minutes });
  }
}
