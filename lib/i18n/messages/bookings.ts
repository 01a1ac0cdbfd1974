// Calendar, booking list and booking form: every visible string in English and Dutch. One file per
// screen area under ./bookings/, merged here into the one "bookings" area the screens translate from.
import { defineMessages } from "../define";
import calendar from "./bookings/calendar";
import form from "./bookings/form";
import detail from "./bookings/detail";
import outlook from "./bookings/outlook";

export default defineMessages({
  en: {
    ...calendar.en,
    ...form.en,
    ...detail.en,
    ...outlook.en,
  },
  nl: {
    ...calendar.nl,
    ...form.nl,
    ...detail.nl,
    ...outlook.nl,
  },
});
