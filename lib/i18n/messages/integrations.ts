// Outlook integration screens: list, authentication (with the Azure checklist), configuration,
// inbound mapping, diagnostics, and the advice shown for every identity / Graph failure. One file per
// screen under ./integrations/, merged here into the one "integrations" area the screens translate from.
import { defineMessages } from "../define";
import setup from "./integrations/setup";
import configuration from "./integrations/configuration";
import inbound from "./integrations/inbound";
import diagnostics from "./integrations/diagnostics";
import advice from "./integrations/advice";

export default defineMessages({
  en: {
    ...setup.en,
    ...configuration.en,
    ...inbound.en,
    ...diagnostics.en,
    ...advice.en,
  },
  nl: {
    ...setup.nl,
    ...configuration.nl,
    ...inbound.nl,
    ...diagnostics.nl,
    ...advice.nl,
  },
});
