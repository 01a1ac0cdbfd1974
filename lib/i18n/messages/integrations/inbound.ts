// Outlook integration messages, the inbound screen (room mailbox mapping, inbound statuses and locks), activation and the initial sync.
import { defineMessages } from "../../define";

export default defineMessages({
  en: {
    "in.title": "Inbound",
    "in.mode": "Authentication mode",
    "in.modeHint": "Switches the mapping below. Changing it means running Step 1 and Step 2 again.",
    "in.mapping": "Room ↔ object (application)",
    "in.mappingHint": "One row per room mailbox: its UPN and the Roomlink room its events are booked on.",
    "in.mappingDelegated": "Room mailboxes to invite (delegated)",
    "in.mappingDelegatedHint":
      "Roomlink writes every booking in the service account's calendar. For a room listed here it also invites the room's mailbox as a resource, so the room's own Outlook calendar shows it as booked; rooms not listed are named as the event's location only. Meetings are read from the service account's calendar alone.",
    "in.upn": "Room mailbox UPN",
    "in.room": "Roomlink room",
    "in.roomPlaceholder": "Choose or type a room…",
    "in.addRoom": "Add room",
    "in.remove": "Remove",
    "in.pick": "Pick from Microsoft 365",
    "in.pickAdd": "Add {count} selected",
    "in.pickDenied":
      "Microsoft 365 did not allow listing rooms (that needs Place.Read.All, which is optional). Type the UPNs instead.",
    "in.pickEmpty": "No unmapped room mailboxes found.",
    "in.pickAll": "{count, plural, one {The # room mailbox} other {All # room mailboxes}}",
    "in.rowsCount": "{count, plural, one {# room mapped} other {# rooms mapped}}",
    "in.findRow": "Find a mailbox or room",
    "in.rowsRange": "Rows {from}–{to} of {total}",
    "in.rowsNone": "No row matches.",
    "in.prevRows": "Previous rows",
    "in.nextRows": "Next rows",
    "in.showErrorRows": "Show the rows with errors ({count})",
    "in.showAllRows": "Show all rows",
    "in.filter": "Filter rows",
    "in.inboundRoom": "Inbound object (delegated)",
    "in.inboundRoomHint": "The room that events from the user's calendar are booked on.",
    "in.inboundStatus": "Inbound status",
    "in.inboundStatusHint": "Status for a new booking created from Outlook.",
    "in.inboundStatusCustomer": "Inbound status with customer",
    "in.inboundStatusCustomerHint": "Used instead when the organiser matches a known customer.",
    "in.lockUpdate": "Lock statuses (update)",
    "in.lockUpdateHint": "Bookings in these statuses are not updated by inbound changes.",
    "in.lockDelete": "Lock statuses (delete)",
    "in.lockDeleteHint": "Bookings in these statuses are not cancelled by inbound changes.",
    "in.allowUpdate": "Allow booking update",
    "in.ignoreValidation": "Ignore validation errors on update",
    "in.showPrivateSubjects": "Show subjects of private meetings",
    "in.showPrivateSubjectsHint":
      "Off: a meeting marked private or confidential in Outlook is booked as “Private meeting”, and its subject never reaches Roomlink.",
    "in.none": "—",
    "in.save": "Save",
    "in.saved": "Saved.",
    "in.modeChanged": "Mode changed: run Step 1 and Step 2 again on the Authentication tab.",
    "in.check.title": "What Exchange does with meetings in these rooms",
    "in.check.running": "Checking the rooms' calendars: {done} of {total} done…",
    "in.check.replaces":
      "{mailbox}: Exchange replaces the subject of every meeting in this room with the organiser's name and removes the meeting's text (AddOrganizerToSubject, DeleteSubject and DeleteComments are on, as by default). Bookings from this room would then carry the organiser's name as their title, and Roomlink cannot undo that. An Exchange administrator turns it off with:",
    "in.check.prefixes":
      "{mailbox}: Exchange puts the organiser's name in front of the subject of every meeting in this room (AddOrganizerToSubject is on). Bookings from this room would then start with the organiser's name, and Roomlink cannot undo that. An Exchange administrator turns it off with:",
    "in.check.noMeetings":
      "{mailbox}: no recent meetings on this room's calendar to check. Exchange's default replaces every meeting's subject with the organiser's name; unless someone changed this room, an Exchange administrator should run:",
    "in.check.denied":
      "{mailbox} could not be checked: {advice} Until then Roomlink cannot tell whether Exchange replaces subjects here (its default); the command that stops it is:",
    "in.check.deniedDelegated":
      "{mailbox} could not be checked: the service account Roomlink signs in with may not read this room's calendar. Exchange's default replaces the subject on the room's calendar with the organiser's name; the command that stops it is:",
    "in.check.failed":
      "{mailbox} could not be checked: {advice} The mapping is saved; save again later to repeat the check. The command that stops Exchange replacing subjects (its default) is:",
    "in.check.kept": "Subjects and organisers arrive as sent in: {list}.",
    "in.check.commandNote":
      "Run the command in Exchange Online PowerShell (Connect-ExchangeOnline). Besides keeping the subject, it keeps the meeting's text and its private flag, so Roomlink can keep private meetings' subjects to itself.",
    "in.check.notConnected":
      "Roomlink checks what Exchange does with meetings in these rooms once the integration is connected (Step 2); save again after connecting.",
    "in.check.stopped": "The check of the rooms stopped: {error} The mapping itself is saved.",
    "in.check.unreachable": "the server could not be reached.",
    "act.title": "Activate",
    "act.body":
      "Creates the Graph subscriptions (delegated: one on the user's calendar; application: one per mapped room) so changes in Outlook reach Roomlink at once.",
    "act.activate": "Save and set active",
    "act.deactivate": "Deactivate",
    "act.done":
      "Active: {created, plural, one {# subscription} other {# subscriptions}} created, {existing} already present. The first full sync has started; its progress per room is shown below.",
    "act.failed": "No subscription for: {list}",
    "act.needsConnect": "Connect first (Authentication, Step 2).",
    "act.deactivated": "Deactivated: subscriptions removed.",
    "act.confirmDeactivate":
      "Deactivate this integration? Its Graph subscriptions are removed and Outlook changes stop reaching Roomlink until you activate again.",
    "init.title": "Initial sync",
    "init.summary":
      "{done} of {total} calendars imported. Existing future meetings (series included) come into Roomlink, and Roomlink's bookings go to Outlook; a room is live once its import has finished.",
    "init.room": "Room",
    "init.more":
      "{count, plural, one {… and # more room, further along} other {… and # more rooms, all of them further along}}",
    "init.moreOne": "… and 1 more room, further along",
    "init.state": "State",
    "init.imported": "Meetings imported",
    "init.pushed": "Bookings in Outlook",
    "init.pushedOf": "{pushed} of {total}",
    "init.state.pending": "Importing…",
    "init.state.live": "Live",
    "init.state.failed": "Not live: the import failed",
    "init.retry":
      "A room's import failed. Fix the cause named below; every reconcile (or Reconcile now on Diagnostics) tries the import again, and the room goes live once it succeeds.",
    "init.serviceAccount": "Service account's calendar",
  },
  nl: {
    "in.title": "Inkomend",
    "in.mode": "Authenticatiemodus",
    "in.modeHint": "Wisselt de koppeling hieronder. Na een wijziging moeten Stap 1 en Stap 2 opnieuw.",
    "in.mapping": "Zaal ↔ object (applicatie)",
    "in.mappingHint": "Eén regel per zaalmailbox: de UPN en de Roomlink-ruimte waarop de afspraken worden geboekt.",
    "in.mappingDelegated": "Zaalmailboxen om uit te nodigen (gedelegeerd)",
    "in.mappingDelegatedHint":
      "Roomlink zet elke boeking in de agenda van het serviceaccount. Voor een ruimte in deze lijst nodigt het ook de zaalmailbox uit als resource, zodat de eigen Outlook-agenda van de zaal hem als bezet toont; ruimtes die hier niet staan, worden alleen als locatie van de afspraak genoemd. Afspraken worden alleen uit de agenda van het serviceaccount gelezen.",
    "in.upn": "UPN van zaalmailbox",
    "in.room": "Roomlink-ruimte",
    "in.roomPlaceholder": "Kies of typ een ruimte…",
    "in.addRoom": "Zaal toevoegen",
    "in.remove": "Verwijderen",
    "in.pick": "Kiezen uit Microsoft 365",
    "in.pickAdd": "{count} geselecteerde toevoegen",
    "in.pickDenied":
      "Microsoft 365 stond het ophalen van zalen niet toe (daarvoor is het optionele Place.Read.All nodig). Typ de UPN's zelf.",
    "in.pickEmpty": "Geen ongekoppelde zaalmailboxen gevonden.",
    "in.pickAll": "{count, plural, one {De # zaalmailbox} other {Alle # zaalmailboxen}}",
    "in.rowsCount": "{count, plural, one {# zaal gekoppeld} other {# zalen gekoppeld}}",
    "in.findRow": "Mailbox of ruimte zoeken",
    "in.rowsRange": "Rijen {from}–{to} van {total}",
    "in.rowsNone": "Geen rij gevonden.",
    "in.prevRows": "Vorige rijen",
    "in.nextRows": "Volgende rijen",
    "in.showErrorRows": "Rijen met fouten tonen ({count})",
    "in.showAllRows": "Alle rijen tonen",
    "in.filter": "Regels filteren",
    "in.inboundRoom": "Inkomend object (gedelegeerd)",
    "in.inboundRoomHint": "De ruimte waarop afspraken uit de agenda van de gebruiker worden geboekt.",
    "in.inboundStatus": "Inkomende status",
    "in.inboundStatusHint": "Status voor een nieuwe reservering vanuit Outlook.",
    "in.inboundStatusCustomer": "Inkomende status met klant",
    "in.inboundStatusCustomerHint": "Wordt gebruikt als de organisator een bekende klant is.",
    "in.lockUpdate": "Vergrendelde statussen (bijwerken)",
    "in.lockUpdateHint": "Reserveringen met deze statussen worden niet bijgewerkt door inkomende wijzigingen.",
    "in.lockDelete": "Vergrendelde statussen (verwijderen)",
    "in.lockDeleteHint": "Reserveringen met deze statussen worden niet geannuleerd door inkomende wijzigingen.",
    "in.allowUpdate": "Bijwerken van reservering toestaan",
    "in.ignoreValidation": "Validatiefouten negeren bij bijwerken",
    "in.showPrivateSubjects": "Onderwerp van privéafspraken tonen",
    "in.showPrivateSubjectsHint":
      "Uit: een vergadering die in Outlook privé of vertrouwelijk is, wordt geboekt als “Privé-afspraak” en het onderwerp komt nooit in Roomlink.",
    "in.none": "—",
    "in.save": "Opslaan",
    "in.saved": "Opgeslagen.",
    "in.modeChanged": "Modus gewijzigd: voer Stap 1 en Stap 2 opnieuw uit op het tabblad Authenticatie.",
    "in.check.title": "Wat Exchange doet met vergaderingen in deze zalen",
    "in.check.running": "De agenda's van de zalen worden gecontroleerd: {done} van {total} klaar…",
    "in.check.replaces":
      "{mailbox}: Exchange vervangt het onderwerp van elke vergadering in deze zaal door de naam van de organisator en verwijdert de tekst van de vergadering (AddOrganizerToSubject, DeleteSubject en DeleteComments staan aan, zoals standaard). Reserveringen uit deze zaal krijgen dan de naam van de organisator als titel, en Roomlink kan dat niet terugdraaien. Een Exchange-beheerder zet het uit met:",
    "in.check.prefixes":
      "{mailbox}: Exchange zet de naam van de organisator vóór het onderwerp van elke vergadering in deze zaal (AddOrganizerToSubject staat aan). Reserveringen uit deze zaal beginnen dan met de naam van de organisator, en Roomlink kan dat niet terugdraaien. Een Exchange-beheerder zet het uit met:",
    "in.check.noMeetings":
      "{mailbox}: geen recente vergaderingen in de agenda van deze zaal om te controleren. Standaard vervangt Exchange het onderwerp van elke vergadering door de naam van de organisator; tenzij iemand deze zaal al heeft aangepast, moet een Exchange-beheerder dit uitvoeren:",
    "in.check.denied":
      "{mailbox} kon niet worden gecontroleerd: {advice} Tot dan kan Roomlink niet zien of Exchange hier onderwerpen vervangt (de standaard); de opdracht die dat stopt is:",
    "in.check.deniedDelegated":
      "{mailbox} kon niet worden gecontroleerd: het serviceaccount waarmee Roomlink aanmeldt mag de agenda van deze zaal niet lezen. Standaard vervangt Exchange het onderwerp in de agenda van de zaal door de naam van de organisator; de opdracht die dat stopt is:",
    "in.check.failed":
      "{mailbox} kon niet worden gecontroleerd: {advice} De koppeling is opgeslagen; sla later opnieuw op om de controle te herhalen. De opdracht die stopt dat Exchange onderwerpen vervangt (de standaard) is:",
    "in.check.kept": "Onderwerpen en organisatoren komen aan zoals verstuurd in: {list}.",
    "in.check.commandNote":
      "Voer de opdracht uit in Exchange Online PowerShell (Connect-ExchangeOnline). Naast het onderwerp blijven ook de tekst van de vergadering en de markering 'privé' bewaard, zodat Roomlink de onderwerpen van privévergaderingen voor zich kan houden.",
    "in.check.notConnected":
      "Roomlink controleert wat Exchange met vergaderingen in deze zalen doet zodra de koppeling verbonden is (Stap 2); sla na het verbinden opnieuw op.",
    "in.check.stopped": "De controle van de zalen is gestopt: {error} De koppeling zelf is opgeslagen.",
    "in.check.unreachable": "de server was niet bereikbaar.",
    "act.title": "Activeren",
    "act.body":
      "Maakt de Graph-abonnementen aan (gedelegeerd: één op de agenda van de gebruiker; applicatie: één per gekoppelde zaal) zodat wijzigingen in Outlook direct in Roomlink komen.",
    "act.activate": "Opslaan en activeren",
    "act.deactivate": "Deactiveren",
    "act.done":
      "Actief: {created, plural, one {# abonnement} other {# abonnementen}} aangemaakt, {existing, plural, one {# was er al} other {# waren er al}}. De eerste volledige synchronisatie is gestart; de voortgang per zaal staat hieronder.",
    "act.failed": "Geen abonnement voor: {list}",
    "act.needsConnect": "Verbind eerst (Authenticatie, Stap 2).",
    "act.deactivated": "Gedeactiveerd: abonnementen verwijderd.",
    "act.confirmDeactivate":
      "Deze integratie deactiveren? De Graph-abonnementen worden verwijderd en wijzigingen in Outlook bereiken Roomlink niet meer tot je opnieuw activeert.",
    "init.title": "Eerste synchronisatie",
    "init.summary":
      "{done} van {total} agenda's geïmporteerd. Bestaande toekomstige afspraken (ook reeksen) komen in Roomlink en de boekingen van Roomlink gaan naar Outlook; een zaal is live zodra haar import klaar is.",
    "init.room": "Zaal",
    "init.more":
      "{count, plural, one {… en nog # zaal, verder gevorderd} other {… en nog # zalen, alle verder gevorderd}}",
    "init.moreOne": "… en nog 1 zaal, verder gevorderd",
    "init.state": "Status",
    "init.imported": "Afspraken geïmporteerd",
    "init.pushed": "Boekingen in Outlook",
    "init.pushedOf": "{pushed} van {total}",
    "init.state.pending": "Bezig met importeren…",
    "init.state.live": "Live",
    "init.state.failed": "Niet live: de import is mislukt",
    "init.retry":
      "De import van een zaal is mislukt. Verhelp de oorzaak hieronder; elke reconciliatie (of Nu reconciliëren op Diagnose) probeert de import opnieuw, en de zaal gaat live zodra die lukt.",
    "init.serviceAccount": "Agenda van het serviceaccount",
  },
});
