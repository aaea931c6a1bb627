"""Calendar feeds: iCalendar files of milestones and gates per project, portfolio and user,
behind secret addresses that can be revoked."""
