"""Date and time rules: events, weekdays, calendars and publication dates agree in time."""
