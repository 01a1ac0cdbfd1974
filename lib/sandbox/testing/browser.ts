// Drives the sandbox's sign-in / consent pages the way a browser would (GET the page, POST its form,
// read the 302), so auth-code tests exercise the real pages instead of a back door.
export interface ConsentResult {
  status: number;
  /** Where the browser was sent (the app's redirect URI with code/state or error). */
  location?: URL;
  /** The page HTML when there was no redirect (e.g. an AADSTS50011 error page). */
  html?: string;
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

/** Open an authorize or admin-consent URL, pick `user` (UPN; default the preselected one), press Accept or Cancel. */
export async function consentInBrowser(
  url: string,
  opts: { user?: string; action?: "accept" | "cancel" } = {},
): Promise<ConsentResult> {
  const first = await fetch(url, { redirect: "manual" });
  if (first.status >= 300 && first.status < 400)
    return { status: first.status, location: new URL(first.headers.get("location")!) };
  const html = await first.text();
  const action = /<form method="post" action="([^"]*)">/.exec(html)?.[1];
  const q = /<input type="hidden" name="q" value="([^"]*)">/.exec(html)?.[1];
  if (action === undefined || q === undefined) return { status: first.status, html };
  // Radio buttons: value=user id, followed by the UPN in the label.
  const radios = [
    ...html.matchAll(
      /<input type="radio" name="user" value="([^"]*)"( checked)?><span><strong>[^<]*<\/strong><br><span class="muted">([^<]*)<\/span>/g,
    ),
  ].map(([, id = "", checked, upn = ""]) => ({
    id: unescapeHtml(id),
    checked: checked !== undefined,
    upn: unescapeHtml(upn),
  }));
  const wanted = opts.user?.toLowerCase();
  const chosen = wanted
    ? radios.find((r) => r.upn.toLowerCase() === wanted)
    : (radios.find((r) => r.checked) ?? radios[0]);
  if (opts.user && !chosen) throw new Error(`consent page lists no user ${opts.user}`);
  const body = new URLSearchParams({ q: unescapeHtml(q), action: opts.action ?? "accept" });
  if (chosen) body.set("user", chosen.id);
  const target = new URL(unescapeHtml(action), url);
  const res = await fetch(target, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  const location = res.headers.get("location");
  return {
    status: res.status,
    location: location ? new URL(location) : undefined,
    html: location ? undefined : await res.text(),
  };
}
