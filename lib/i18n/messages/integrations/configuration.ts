// Outlook integration messages, the configuration screen (general behaviour: booking fields, template, Teams, statuses, problem e-mail).
import { defineMessages } from "../../define";

export default defineMessages({
  en: {
    "cfg.title": "General behaviour",
    "cfg.bookingIdField": "Field for Roomlink booking id",
    "cfg.bookingIdFieldHint":
      "The booking field that stores the Outlook event id (the link between booking and calendar event). Default external_id.",
    "cfg.template": "Template",
    "cfg.templateHint":
      "Builds the event subject and body (outbound). Placeholders such as '{{title}}', '{{room}}', '{{customer}}'.",
    "cfg.templateNone": "No template (booking title only)",
    "cfg.preview": "Preview with the booking “{title}”",
    "cfg.previewNone": "No bookings yet: the preview appears once a booking exists.",
    "cfg.unknownPlaceholders": "Unknown placeholders: {list}",
    "cfg.createTeamsLink": "Create Teams link",
    "cfg.createTeamsLinkHint": "Create a Teams online meeting for the event.",
    "cfg.teamsLinkField": "Field for Teams link",
    "cfg.teamsLinkFieldHint": "Booking field that stores the Teams join URL.",
    "cfg.useCustomerData": "Use customer data",
    "cfg.useCustomerDataHint": "Add the customer as attendee and use the customer's details on the event.",
    "cfg.createOnStatus": "Create calendar entry on status",
    "cfg.createOnStatusHint": "Bookings in these statuses get an event in Outlook.",
    "cfg.deleteOnStatus": "Delete on status",
    "cfg.deleteOnStatusHint": "When a booking reaches one of these statuses, its Outlook event is deleted.",
    "cfg.problemEmail": "E-mail on problems",
    "cfg.problemEmailHint": "Notified once per kind of problem until it is resolved.",
    "cfg.save": "Save",
    "cfg.saved": "Saved.",
  },
  nl: {
    "cfg.title": "Algemeen gedrag",
    "cfg.bookingIdField": "Veld voor Roomlink-reserverings-id",
    "cfg.bookingIdFieldHint":
      "Het reserveringsveld waarin de id van de Outlook-afspraak staat (de koppeling tussen reservering en agenda-item). Standaard external_id.",
    "cfg.template": "Sjabloon",
    "cfg.templateHint":
      "Bepaalt onderwerp en inhoud van de afspraak (uitgaand). Plaatshouders zoals '{{title}}', '{{room}}', '{{customer}}'.",
    "cfg.templateNone": "Geen sjabloon (alleen de titel van de reservering)",
    "cfg.preview": "Voorbeeld met de reservering “{title}”",
    "cfg.previewNone": "Nog geen reserveringen: het voorbeeld verschijnt zodra er een reservering is.",
    "cfg.unknownPlaceholders": "Onbekende plaatshouders: {list}",
    "cfg.createTeamsLink": "Teams-link aanmaken",
    "cfg.createTeamsLinkHint": "Maak een online Teams-vergadering voor de afspraak.",
    "cfg.teamsLinkField": "Veld voor Teams-link",
    "cfg.teamsLinkFieldHint": "Reserveringsveld waarin de Teams-deelnamelink wordt opgeslagen.",
    "cfg.useCustomerData": "Klantgegevens gebruiken",
    "cfg.useCustomerDataHint": "Voeg de klant toe als deelnemer en gebruik de klantgegevens in de afspraak.",
    "cfg.createOnStatus": "Agenda-item aanmaken bij status",
    "cfg.createOnStatusHint": "Reserveringen met deze statussen krijgen een afspraak in Outlook.",
    "cfg.deleteOnStatus": "Verwijderen bij status",
    "cfg.deleteOnStatusHint":
      "Zodra een reservering een van deze statussen krijgt, wordt de Outlook-afspraak verwijderd.",
    "cfg.problemEmail": "E-mail bij problemen",
    "cfg.problemEmailHint": "Eén bericht per soort probleem, tot het is opgelost.",
    "cfg.save": "Opslaan",
    "cfg.saved": "Opgeslagen.",
  },
});
