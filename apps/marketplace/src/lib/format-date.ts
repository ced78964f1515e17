const dateTime = new Intl.DateTimeFormat('en-US', {
	year: 'numeric',
	month: 'short',
	day: 'numeric',
	hour: 'numeric',
	minute: '2-digit',
	timeZoneName: 'short'
});

/** A moment with its time zone ("Dec 7, 2026, 2:15 AM UTC"), so nobody guesses which clock. */
export const formatDateTime = (date: Date | string | number): string =>
	dateTime.format(new Date(date));
