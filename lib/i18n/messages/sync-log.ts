// The sync log's lines (diagnostics, the booking page's Outlook card), stored as a code + params
// (sync_log.code / params) and said here in the reader's language. {reason} is a booking refusal
// (a policy, a conflict) rendered by the booking core's messages in the same language.
import { defineMessages } from "../define";

export default defineMessages({
  en: {
    echo: "Our own change (echo).",
    integration_inactive: "The integration is not active: this Outlook change was not applied.",
    no_room_mapped: "No Roomlink room is mapped to {mailbox}.",
    no_inbound_status: "No inbound status is configured: set one on the inbound screen.",
    no_pattern: "This recurring meeting has no recurrence pattern, so it cannot be booked in Roomlink.",
    unsupported_pattern: "This recurrence pattern ({pattern}) cannot be booked in Roomlink.",
    refused: "{reason}",
    refused_time_kept: "Change refused, original time kept: {reason}",
    refused_times_kept: "Change refused, original times kept: {reason}",
    pattern_refused: "New pattern refused, original dates kept: {reason}",
    pattern_added: "New pattern: {count, plural, one {# occurrence} other {# occurrences}} added",
    updates_off: "Updates from Outlook are switched off.",
    update_locked: "The booking's status locks it against updates from Outlook.",
    delete_locked: "The booking's status locks it against cancellation from Outlook.",
    occurrences_cancelled: "{count, plural, one {# occurrence} other {# occurrences}} cancelled",
    occurrences_cancelled_kept:
      "{count, plural, one {# occurrence} other {# occurrences}} cancelled, {kept} kept: the booking's status locks it against cancellation from Outlook.",
    tentative: "Tentative, with the comment: {comment}",
    changes_applied: "{count, plural, one {# change} other {# changes}} applied",
    subscription_recreated: "Graph removed the subscription; created a new one.",
    series_rewritten:
      "The series Roomlink wrote was moved or given another pattern in Outlook. Its bookings are kept and the series is written again as booked: change Roomlink bookings in Roomlink.",
    location_only:
      "No room mailbox is mapped to “{room}” in this integration: the event names the room as its location only, so the room's own Outlook calendar is not booked.",
    room_declined_busy:
      "{mailbox} ({room}) declined the invitation: its Outlook calendar is busy then with a meeting Roomlink does not know. Move the booking or free the room in Outlook.",
    series_written:
      "{existing, select, yes {Finished writing} other {Written as}} one Outlook series of {count, plural, one {# occurrence} other {# occurrences}}{removed, plural, =0 {} one {; # date not booked in Roomlink removed from it} other {; # dates not booked in Roomlink removed from it}}{separate, plural, =0 {} other {; # written as separate events}}.",
    series_content:
      "Changed for the whole series in one write{own, plural, =0 {} one {; # occurrence with its own time or content written on its own} other {; # occurrences with their own time or content written one by one}}.",
    series_moved:
      "The whole series was rescheduled: one change to the Outlook series' times{content, select, yes { and content} other {}}{removed, plural, =0 {} one {; # date not booked in Roomlink removed again} other {; # dates not booked in Roomlink removed again}}{own, plural, =0 {} one {; # occurrence with its own time or content written on its own} other {; # occurrences with their own time or content written one by one}}{separate, plural, =0 {} other {; # written as separate events}}.",
    series_emptied: "No occurrence of the series is left to show: the Outlook series was deleted.",
    moved_room: "The booking moved to another room.",
    occurrence_left_series: "The occurrence moved past a neighbouring one: it is written as an event of its own.",
    mailbox_access_back:
      "Graph reads {mailbox} again{minutes, plural, =-1 {} other { after # min}}; {waiting, plural, one {# waiting job resumes} other {# waiting jobs resume}}.",
    reconcile_summary:
      "{mailboxes, plural, one {# calendar} other {# calendars}}, {changes, plural, one {# change} other {# changes}}, {renewed} renewed, {recreated} recreated, {pushed} pushed, {errors, plural, one {# error} other {# errors}}",
    forged_notifications:
      "{count, plural, one {# notification} other {# notifications}} for subscription {subscription} carried a wrong clientState and {count, plural, one {was} other {were}} discarded since {since} UTC",
  },
  nl: {
    echo: "Onze eigen wijziging (echo).",
    integration_inactive: "De integratie is niet actief: deze wijziging uit Outlook is niet verwerkt.",
    no_room_mapped: "Er is geen Roomlink-ruimte gekoppeld aan {mailbox}.",
    no_inbound_status: "Er is geen inkomende status ingesteld: kies er een op het scherm Inkomend.",
    no_pattern:
      "Deze terugkerende vergadering heeft geen herhalingspatroon en kan daarom niet in Roomlink geboekt worden.",
    unsupported_pattern: "Dit herhalingspatroon ({pattern}) kan niet in Roomlink geboekt worden.",
    refused: "{reason}",
    refused_time_kept: "Wijziging geweigerd, oorspronkelijke tijd behouden: {reason}",
    refused_times_kept: "Wijziging geweigerd, oorspronkelijke tijden behouden: {reason}",
    pattern_refused: "Nieuw patroon geweigerd, oorspronkelijke datums behouden: {reason}",
    pattern_added: "Nieuw patroon: {count, plural, one {# datum} other {# datums}} toegevoegd",
    updates_off: "Wijzigingen vanuit Outlook staan uit.",
    update_locked: "De status van de reservering beschermt haar tegen wijzigingen vanuit Outlook.",
    delete_locked: "De status van de reservering beschermt haar tegen annuleren vanuit Outlook.",
    occurrences_cancelled: "{count, plural, one {# datum} other {# datums}} geannuleerd",
    occurrences_cancelled_kept:
      "{count, plural, one {# datum} other {# datums}} geannuleerd, {kept} behouden: de status van de reservering beschermt haar tegen annuleren vanuit Outlook.",
    tentative: "Voorlopig, met de opmerking: {comment}",
    changes_applied: "{count, plural, one {# wijziging} other {# wijzigingen}} verwerkt",
    subscription_recreated: "Graph heeft het abonnement verwijderd; er is een nieuw gemaakt.",
    series_rewritten:
      "De reeks die Roomlink schreef is in Outlook verplaatst of kreeg een ander patroon. De reserveringen blijven en de reeks wordt opnieuw geschreven zoals geboekt: wijzig Roomlink-reserveringen in Roomlink.",
    location_only:
      "Er is in deze integratie geen zaalmailbox gekoppeld aan “{room}”: de afspraak noemt de zaal alleen als locatie, dus de eigen Outlook-agenda van de zaal wordt niet geboekt.",
    room_declined_busy:
      "{mailbox} ({room}) heeft de uitnodiging afgewezen: de Outlook-agenda is dan bezet door een vergadering die Roomlink niet kent. Verplaats de reservering of maak de zaal vrij in Outlook.",
    series_written:
      "{existing, select, yes {Klaar met schrijven als} other {Geschreven als}} één Outlook-reeks van {count, plural, one {# datum} other {# datums}}{removed, plural, =0 {} one {; # datum die niet in Roomlink geboekt is eruit verwijderd} other {; # datums die niet in Roomlink geboekt zijn eruit verwijderd}}{separate, plural, =0 {} other {; # als losse afspraken geschreven}}.",
    series_content:
      "In één keer voor de hele reeks gewijzigd{own, plural, =0 {} one {; # datum met een eigen tijd of inhoud apart geschreven} other {; # datums met een eigen tijd of inhoud een voor een geschreven}}.",
    series_moved:
      "De hele reeks is verzet: één wijziging van de tijden{content, select, yes { en inhoud} other {}} van de Outlook-reeks{removed, plural, =0 {} one {; # datum die niet in Roomlink geboekt is weer verwijderd} other {; # datums die niet in Roomlink geboekt zijn weer verwijderd}}{own, plural, =0 {} one {; # datum met een eigen tijd of inhoud apart geschreven} other {; # datums met een eigen tijd of inhoud een voor een geschreven}}{separate, plural, =0 {} other {; # als losse afspraken geschreven}}.",
    series_emptied: "Er is geen datum van de reeks meer over om te tonen: de Outlook-reeks is verwijderd.",
    moved_room: "De reservering is naar een andere ruimte verplaatst.",
    occurrence_left_series:
      "De datum is voorbij een naburige datum van de reeks verzet en wordt daarom als losse afspraak geschreven.",
    mailbox_access_back:
      "Graph leest {mailbox} weer{minutes, plural, =-1 {} other { na # min}}; {waiting, plural, one {# wachtende taak gaat verder} other {# wachtende taken gaan verder}}.",
    reconcile_summary:
      "{mailboxes, plural, one {# agenda} other {# agenda's}}, {changes, plural, one {# wijziging} other {# wijzigingen}}, {renewed} verlengd, {recreated} opnieuw gemaakt, {pushed} alsnog geschreven, {errors, plural, one {# fout} other {# fouten}}",
    forged_notifications:
      "{count, plural, one {# melding} other {# meldingen}} voor abonnement {subscription} {count, plural, one {had} other {hadden}} een verkeerde clientState en {count, plural, one {is} other {zijn}} genegeerd sinds {since} UTC",
  },
});
