// The sandbox tenant page's "Create a client secret": the new secret shown once, and why it failed.
import { defineMessages } from "../define";

export default defineMessages({
  en: {
    create: "Create a client secret",
    creating: "Creating…",
    created: "New client secret for {app}. Copy it now: it is not shown again.",
    validUntil: "Valid until {date}.",
    use: "Use it on your integration’s Authentication tab: cloud “Sandbox tenant (local)”, tenant ID {tenant}, client ID {clientId}, and this value as the client secret.",
    hide: "Hide",
    sentMail: "Sent e-mail",
    "err.unreachable": "The sandbox tenant did not answer. Is it running?",
    "err.refused": "The sandbox tenant did not create a secret (HTTP {status}).",
    "err.production": "The sandbox tenant is not available in production.",
  },
  nl: {
    create: "Clientgeheim aanmaken",
    creating: "Bezig met aanmaken…",
    created: "Nieuw clientgeheim voor {app}. Kopieer het nu: het wordt niet nog eens getoond.",
    validUntil: "Geldig tot {date}.",
    use: "Gebruik het op het tabblad Authenticatie van je koppeling: cloud “Sandbox-tenant (lokaal)”, tenant-ID {tenant}, client-ID {clientId}, en deze waarde als clientgeheim.",
    hide: "Verbergen",
    sentMail: "Verzonden e-mail",
    "err.unreachable": "De sandbox-tenant antwoordde niet. Draait hij?",
    "err.refused": "De sandbox-tenant heeft geen geheim aangemaakt (HTTP {status}).",
    "err.production": "De sandbox-tenant is niet beschikbaar in productie.",
  },
});
