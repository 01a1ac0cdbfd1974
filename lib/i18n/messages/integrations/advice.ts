// Outlook integration messages: the advice shown for every identity / Graph failure, and the form validation errors.
import { defineMessages } from "../../define";

export default defineMessages({
  en: {
    "adv.title": "What happened and what to do",
    "advice.no_consent":
      "No consent has been given for this app (AADSTS65001). Delegated: run Step 1 and accept. Application: in Azure, API permissions → “Grant admin consent”, or run Step 1 as an administrator.",
    "advice.secret_id_pasted":
      "The client secret was refused (AADSTS7000215). Usually the Secret ID was pasted instead of the secret's Value. In Azure, Certificates & secrets, create a new secret, copy its Value right away and save it here.",
    "advice.secret_expired":
      "The client secret has expired (AADSTS7000222). Create a new secret in Azure (Certificates & secrets), save its Value and expiry date here, then run Step 2.",
    "advice.secret_missing": "No client secret was sent. Enter the secret's Value and save.",
    "advice.redirect_mismatch":
      "The redirect URI does not match the app registration (AADSTS50011). In Azure, Authentication, add a Web redirect URI with exactly the Return url shown here.",
    "advice.refresh_expired":
      "The stored sign-in has expired or was revoked (invalid_grant / AADSTS700082). Run Step 1 and Step 2 again with the service account.",
    "advice.user_cancelled": "Consent was cancelled on Microsoft's page. Run Step 1 again and choose Accept.",
    "advice.state_mismatch":
      "The consent answer did not belong to a consent you started here, so it was refused (possible cross-site request forgery). Start again with Step 1 in this browser.",
    "advice.state_expired": "The consent took too long (over 15 minutes). Run Step 1 again.",
    "advice.unknown_client":
      "Microsoft does not know this client ID in this tenant (AADSTS700016). Check the Application (client) ID and the tenant ID.",
    "advice.unknown_tenant":
      "The tenant was not found (AADSTS90002). Check the Directory (tenant) ID or domain, and the national cloud.",
    "advice.code_expired":
      "The consent code expired or was already used. Run Step 1 again, then Step 2 within a few minutes.",
    "advice.missing_role":
      "The token lacks Calendars.ReadWrite. Add that permission for this mode under API permissions (application: then Grant admin consent) and run the steps again.",
    "advice.mailbox_access_denied":
      "The mailbox refused access (403 ErrorAccessDenied). An application access policy or RBAC for Applications excludes it: add the room mailbox to the policy's security group. Changes can take up to an hour to apply.",
    "advice.throttled": "Microsoft Graph is throttling requests. Roomlink waits and retries automatically.",
    "advice.network":
      "The identity platform or Graph could not be reached (network, DNS or certificate). Check the national cloud and outbound HTTPS; details are in the server log.",
    "advice.webhook_unreachable":
      "Microsoft Graph could not validate Roomlink's notification URL (no 200 text/plain echo within 10 seconds). Check that the base URL is reachable from the internet over HTTPS and use the webhook test on Diagnostics.",
    "advice.not_connected": "Not connected yet: save the credentials and run Step 1 and Step 2.",
    "advice.no_rooms_mapped":
      "No room mailbox is mapped yet. Map at least one room mailbox to a Roomlink room on this screen, save, then activate.",
    "advice.no_inbound_room":
      "Choose the Roomlink room for meetings from the service account's calendar on this screen, save, then activate.",
    "advice.consent_incomplete":
      "Microsoft sent the browser back without a consent result (the page was opened directly or the consent was not finished). Run Step 1 again.",
    "advice.unknown":
      "The request failed for an unexpected reason. Details are in the server log; try the steps again.",
    "err.fieldName": "Use lower-case letters, digits and _ (e.g. external_id).",
    "err.sameField": "Use another field than the booking id field.",
    "err.statusOverlap": "A status cannot both create and delete the event.",
    "err.required": "Required",
    "err.tooLong": "Too long",
    "err.tenantFormat": "Enter a GUID (Directory ID) or a verified domain such as contoso.onmicrosoft.com.",
    "err.guidFormat": "Enter the Application (client) ID: a GUID like 1b2c3d4e-0000-1111-2222-333344445555.",
    "err.secretLooksLikeId": "This looks like the Secret ID (a GUID). Paste the secret's Value instead.",
    "err.secretForNewClient":
      "A new client ID needs its own client secret: paste the Value of a secret of that app registration.",
    "err.sandboxInProduction":
      "The sandbox tenant is for tests and demos; a production Roomlink connects to Microsoft's clouds only.",
    "err.dateFormat": "Enter a date.",
    "err.secretRequired": "Enter the client secret's Value (Certificates & secrets in Azure).",
    "err.staleChoice": "A chosen item no longer exists; reload the page.",
    "err.integrationGone": "This integration no longer exists. It may have been deleted in another window.",
    "err.email": "Enter a valid e-mail address.",
    "err.upnFormat": "Enter the room mailbox's UPN, e.g. zaal-a@contoso.onmicrosoft.com.",
    "err.duplicateUpn": "This mailbox is already mapped.",
    "err.duplicateRoom": "This room already has a mailbox above: one mailbox per room.",
    "err.roomRequired": "Choose the Roomlink room.",
    "err.inboundRoomRequired": "Choose the room for events from the user's calendar.",
  },
  nl: {
    "adv.title": "Wat er gebeurde en wat je kunt doen",
    "advice.no_consent":
      "Er is geen toestemming gegeven voor deze app (AADSTS65001). Gedelegeerd: voer Stap 1 uit en accepteer. Applicatie: in Azure, API-machtigingen → “Beheerderstoestemming verlenen”, of voer Stap 1 uit als beheerder.",
    "advice.secret_id_pasted":
      "Het clientgeheim is geweigerd (AADSTS7000215). Meestal is de Geheim-ID geplakt in plaats van de Waarde. Maak in Azure (Certificaten en geheimen) een nieuw geheim, kopieer direct de Waarde en sla die hier op.",
    "advice.secret_expired":
      "Het clientgeheim is verlopen (AADSTS7000222). Maak een nieuw geheim in Azure (Certificaten en geheimen), sla de Waarde en vervaldatum hier op en voer Stap 2 uit.",
    "advice.secret_missing": "Er is geen clientgeheim meegestuurd. Vul de Waarde van het geheim in en sla op.",
    "advice.redirect_mismatch":
      "De omleidings-URI komt niet overeen met de app-registratie (AADSTS50011). Voeg in Azure, Verificatie, een Web-omleidings-URI toe met precies de Return-url die hier staat.",
    "advice.refresh_expired":
      "De opgeslagen aanmelding is verlopen of ingetrokken (invalid_grant / AADSTS700082). Voer Stap 1 en Stap 2 opnieuw uit met het serviceaccount.",
    "advice.user_cancelled":
      "De toestemming is geannuleerd op de pagina van Microsoft. Voer Stap 1 opnieuw uit en kies Accepteren.",
    "advice.state_mismatch":
      "Het antwoord hoorde niet bij een toestemming die jij hier startte en is daarom geweigerd (mogelijke cross-site request forgery). Begin opnieuw met Stap 1 in deze browser.",
    "advice.state_expired": "De toestemming duurde te lang (meer dan 15 minuten). Voer Stap 1 opnieuw uit.",
    "advice.unknown_client":
      "Microsoft kent deze client-ID niet in deze tenant (AADSTS700016). Controleer de toepassings-ID (client-ID) en de tenant-ID.",
    "advice.unknown_tenant":
      "De tenant is niet gevonden (AADSTS90002). Controleer de map-ID (tenant-ID) of het domein, en de nationale cloud.",
    "advice.code_expired":
      "De toestemmingscode is verlopen of al gebruikt. Voer Stap 1 opnieuw uit en binnen enkele minuten Stap 2.",
    "advice.missing_role":
      "Het token mist Calendars.ReadWrite. Voeg die machtiging voor deze modus toe onder API-machtigingen (applicatie: daarna beheerderstoestemming verlenen) en doorloop de stappen opnieuw.",
    "advice.mailbox_access_denied":
      "De mailbox weigerde toegang (403 ErrorAccessDenied). Een toepassingstoegangsbeleid of RBAC voor toepassingen sluit hem uit: voeg de zaalmailbox toe aan de beveiligingsgroep van het beleid. Wijzigingen kunnen tot een uur duren.",
    "advice.throttled":
      "Microsoft Graph beperkt het aantal verzoeken. Roomlink wacht en probeert het automatisch opnieuw.",
    "advice.network":
      "Het identiteitsplatform of Graph is onbereikbaar (netwerk, DNS of certificaat). Controleer de nationale cloud en uitgaand HTTPS; details staan in het serverlog.",
    "advice.webhook_unreachable":
      "Microsoft Graph kon de meldings-URL van Roomlink niet valideren (geen 200 text/plain-antwoord binnen 10 seconden). Controleer of de basis-URL via HTTPS vanaf internet bereikbaar is en gebruik de webhooktest op Diagnose.",
    "advice.not_connected": "Nog niet verbonden: sla de gegevens op en voer Stap 1 en Stap 2 uit.",
    "advice.no_rooms_mapped":
      "Er is nog geen zaalmailbox gekoppeld. Koppel op dit scherm ten minste één zaalmailbox aan een Roomlink-zaal, sla op en activeer dan.",
    "advice.no_inbound_room":
      "Kies op dit scherm de Roomlink-zaal voor vergaderingen uit de agenda van het serviceaccount, sla op en activeer dan.",
    "advice.consent_incomplete":
      "Microsoft stuurde de browser terug zonder toestemmingsresultaat (de pagina is direct geopend of de toestemming is niet afgerond). Voer Stap 1 opnieuw uit.",
    "advice.unknown":
      "Het verzoek is om een onverwachte reden mislukt. Details staan in het serverlog; probeer de stappen opnieuw.",
    "err.fieldName": "Gebruik kleine letters, cijfers en _ (bijv. external_id).",
    "err.sameField": "Gebruik een ander veld dan het veld voor de reserverings-id.",
    "err.statusOverlap": "Een status kan de afspraak niet tegelijk aanmaken en verwijderen.",
    "err.required": "Verplicht",
    "err.tooLong": "Te lang",
    "err.tenantFormat": "Vul een GUID (map-ID) of een geverifieerd domein in, zoals contoso.onmicrosoft.com.",
    "err.guidFormat": "Vul de toepassings-ID (client-ID) in: een GUID zoals 1b2c3d4e-0000-1111-2222-333344445555.",
    "err.secretLooksLikeId": "Dit lijkt de Geheim-ID (een GUID). Plak de Waarde van het geheim.",
    "err.secretForNewClient":
      "Een nieuwe client-ID heeft een eigen clientgeheim nodig: plak de Waarde van een geheim van die app-registratie.",
    "err.sandboxInProduction":
      "De sandbox-tenant is voor tests en demo's; een productie-Roomlink verbindt alleen met de clouds van Microsoft.",
    "err.dateFormat": "Vul een datum in.",
    "err.secretRequired": "Vul de Waarde van het clientgeheim in (Certificaten en geheimen in Azure).",
    "err.staleChoice": "Een gekozen item bestaat niet meer; laad de pagina opnieuw.",
    "err.integrationGone": "Deze integratie bestaat niet meer. Mogelijk is ze in een ander venster verwijderd.",
    "err.email": "Vul een geldig e-mailadres in.",
    "err.upnFormat": "Vul de UPN van de zaalmailbox in, bijv. zaal-a@contoso.onmicrosoft.com.",
    "err.duplicateUpn": "Deze mailbox is al gekoppeld.",
    "err.duplicateRoom": "Deze ruimte heeft hierboven al een mailbox: één mailbox per ruimte.",
    "err.roomRequired": "Kies de Roomlink-ruimte.",
    "err.inboundRoomRequired": "Kies de ruimte voor afspraken uit de agenda van de gebruiker.",
  },
});
