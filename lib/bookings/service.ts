// The booking core's write API in one import: create, update, cancel, change status, the
// outbox hook registry and the error type. Implementations live in one file per step.
export { createBooking, type BookingFields, type CreateBookingInput, type CreateBookingResult } from "./create-booking";
export { updateBooking, type BookingPatch, type UpdateBookingArgs } from "./update-booking";
export { cancelBooking, changeBookingStatus, type StatusChangeArgs } from "./change-status";
export type { EditScope } from "./series-targets";
export { onBookingWritten, type BookingWrittenEvent, type BookingWrittenHook, type BookingWriteKind } from "./hooks";
export { BookingError, isBookingError, type BookingIssue, type BookingField } from "./errors";
export type { Actor, WriteOptions, When } from "./write-support";
export { setBookingCustomFields, findBookingsByCustomField } from "./custom-fields";
export { extendSeries, extendAllSeries, type ExtendResult, type ExtendAllResult } from "./extend-series";
