// Where problem e-mails go (SMTP, the demo mail catcher, or only the log): the notice on the
// configuration screen, the line on diagnostics, and the Sandbox → Sent e-mail page.
import { defineMessages } from "../define";

export default defineMessages({
  en: {
    "notice.log":
      "No SMTP server is configured (SMTP_URL is not set): problem e-mails are only written to the server log and reach nobody.",
    "notice.catcher":
      "No SMTP server is configured (SMTP_URL is not set). In this demo, e-mails go to the local mail catcher instead.",
    "notice.catcherLink": "Read them under Sandbox → Sent e-mail",
    "diag.label": "E-mail on problems",
    "diag.smtp": "Problem e-mails go to {to}.",
    "diag.catcher": "Problem e-mails to {to} are kept by the demo mail catcher: SMTP_URL is not set.",
    "diag.log": "Problem e-mails to {to} are not sent: SMTP_URL is not set, so they only go to the server log.",
    "diag.none": "No e-mail address for problems is set (Configuration tab).",
    "diag.open": "Sent e-mail",
    "page.title": "Sent e-mail",
    "page.intro":
      "The demo mail catcher keeps what Roomlink sends while no SMTP server is configured (SMTP_URL): the last {max} messages. Nothing leaves this machine.",
    "page.back": "Sandbox tenant",
    "page.off":
      "The mail catcher is not running. It runs in the demo and with the embedded sandbox while SMTP_URL is not set; without it, e-mail only goes to the server log.",
    "page.smtp": "SMTP_URL is set: Roomlink sends e-mail through {host}, not to the mail catcher.",
    "page.empty":
      "Nothing received yet. An e-mail arrives here when a problem opens for an integration with an e-mail address for problems (Configuration tab).",
    "page.count": "{count, plural, one {# message} other {# messages}}",
    "page.received": "Received ({zone})",
    "page.from": "From",
    "page.to": "To",
    "problem.intro": 'Roomlink found a problem with the Outlook integration "{name}".',
    "problem.what": "What happened: {what}",
    "problem.detail": "Details: {detail}",
    "problem.advice": "What to do: {advice}",
    "problem.diagnostics": "Diagnostics: {link}",
    "problem.once": "You get one e-mail per kind of problem until it is resolved.",
    "page.subject": "Subject",
    "page.noSubject": "(no subject)",
    "page.html": "Sent as HTML, shown as text.",
  },
  nl: {
    "notice.log":
      "Er is geen SMTP-server ingesteld (SMTP_URL ontbreekt): e-mails over problemen komen alleen in het serverlogboek en bereiken niemand.",
    "notice.catcher":
      "Er is geen SMTP-server ingesteld (SMTP_URL ontbreekt). In deze demo gaan e-mails naar de lokale mailvanger.",
    "notice.catcherLink": "Lees ze onder Sandbox → Verzonden e-mail",
    "diag.label": "E-mail bij problemen",
    "diag.smtp": "E-mails over problemen gaan naar {to}.",
    "diag.catcher":
      "E-mails over problemen aan {to} worden bewaard door de mailvanger van de demo: SMTP_URL ontbreekt.",
    "diag.log":
      "E-mails over problemen aan {to} worden niet verstuurd: SMTP_URL ontbreekt, dus ze komen alleen in het serverlogboek.",
    "diag.none": "Er is geen e-mailadres voor problemen ingesteld (tabblad Configuratie).",
    "diag.open": "Verzonden e-mail",
    "page.title": "Verzonden e-mail",
    "page.intro":
      "De mailvanger van de demo bewaart wat Roomlink verstuurt zolang er geen SMTP-server is ingesteld (SMTP_URL): de laatste {max} berichten. Er gaat niets van deze computer af.",
    "page.back": "Sandbox-tenant",
    "page.off":
      "De mailvanger draait niet. Hij draait in de demo en bij de ingebouwde sandbox zolang SMTP_URL ontbreekt; zonder mailvanger komt e-mail alleen in het serverlogboek.",
    "page.smtp": "SMTP_URL is ingesteld: Roomlink verstuurt e-mail via {host}, niet naar de mailvanger.",
    "page.empty":
      "Nog niets ontvangen. Hier komt een e-mail binnen zodra er een probleem ontstaat bij een koppeling met een e-mailadres voor problemen (tabblad Configuratie).",
    "page.count": "{count, plural, one {# bericht} other {# berichten}}",
    "page.received": "Ontvangen ({zone})",
    "page.from": "Van",
    "page.to": "Aan",
    "problem.intro": 'Roomlink heeft een probleem gevonden met de Outlook-integratie "{name}".',
    "problem.what": "Wat er gebeurde: {what}",
    "problem.detail": "Details: {detail}",
    "problem.advice": "Wat te doen: {advice}",
    "problem.diagnostics": "Diagnose: {link}",
    "problem.once": "U krijgt één e-mail per soort probleem tot het is opgelost.",
    "page.subject": "Onderwerp",
    "page.noSubject": "(geen onderwerp)",
    "page.html": "Als HTML verstuurd, als tekst getoond.",
  },
});
