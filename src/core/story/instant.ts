/** Scene times as stories and shareable links write them: ISO 8601 instants with a zone. Platform-free. */

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * True for an ISO 8601 instant with zone (`Z` or ±hh:mm) that names a real moment: a day the month has, hours
 * to 23, minutes and seconds to 59 (`Date.parse` rolls 30 February over to 2 March).
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !INSTANT.test(value) || !Number.isFinite(Date.parse(value))) return false;
  const [year, month, day, hour, minute, second = 0] = value
    .match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/)!
    .slice(1)
    .map((field) => (field === undefined ? undefined : Number(field)));
  const days = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return day! >= 1 && day! <= days && hour! <= 23 && minute! <= 59 && second <= 59;
}
