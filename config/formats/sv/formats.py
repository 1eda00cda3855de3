"""Dates and times as Swedish readers expect them (Språkrådet's Svenska skrivregler):
"6 december 2026 kl. 14.03", a period between hours and minutes, lower-case months."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \k\l. H.i"
TIME_FORMAT = "H.i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j b Y"
SHORT_DATETIME_FORMAT = r"j b Y \k\l. H.i"
