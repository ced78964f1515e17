/** Time zones and calendar dates (`YYYY-MM-DD`) for the back office's periods. */

/**
 * Whether `value` is an IANA time zone name (`Europe/Paris`, `UTC`). Offsets and abbreviations
 * (`+02:00`, `CEST`) are refused: only a named zone knows its DST rules.
 */
export function isTimeZone(value: string): boolean {
	if (value.length > 64 || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) {
		return false;
	}
	try {
		new Intl.DateTimeFormat('en', { timeZone: value });
		return true;
	} catch {
		return false;
	}
}

/** Today's date (`YYYY-MM-DD`) in `timeZone`. */
export function localDate(timeZone: string, now = new Date()): string {
	// en-CA writes dates as YYYY-MM-DD.
	return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(now);
}

const DAY = 86_400_000;
export const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
/** `date` moved by `days`, both `YYYY-MM-DD`. */
export const addDays = (date: string, days: number) =>
	new Date((dayNumber(date) + days) * DAY).toISOString().slice(0, 10);
