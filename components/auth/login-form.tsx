"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useT } from "@/lib/i18n/client";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useT("common");
  const router = useRouter();
  const [error, setError] = useState(false);
  const [pending, setPending] = useState(false);
  // Until React has hydrated, a click would submit the plain HTML form: keep the button off till then.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(false);
    const res = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setPending(false);
    if (res?.ok && !res.error) {
      router.replace(callbackUrl);
      router.refresh();
    } else setError(true);
  }

  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate>
      {error ? <Alert tone="error">{t("login.failed")}</Alert> : null}
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
}
