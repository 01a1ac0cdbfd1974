// The sync engine's own lines on diagnostics: scheduled rounds that failed, mailboxes whose work waits.
import { defineMessages } from "../define";

export default defineMessages({
  en: {
    roundFailed:
      'The scheduled reconcile round of {round} failed at {when}: {error}. Repair does not run on schedule until a round succeeds; "Reconcile now" still works.',
    parked:
      "Work for {mailbox} waits: Microsoft Graph denies access to it (403, an application access policy or RBAC scope). Roomlink checks again by itself ({probes, plural, one {# check} other {# checks}} so far, next {next}); the waiting work runs as soon as access returns.",
  },
  nl: {
    roundFailed:
      'De geplande reconciliatieronde van {round} is mislukt om {when}: {error}. Herstel loopt niet volgens schema tot een ronde slaagt; "Nu reconciliëren" werkt nog wel.',
    parked:
      "Werk voor {mailbox} wacht: Microsoft Graph weigert de toegang (403, een application access policy of RBAC-scope). Roomlink controleert dit zelf opnieuw ({probes} keer tot nu toe, volgende {next}); het wachtende werk loopt zodra de toegang terug is.",
  },
});
