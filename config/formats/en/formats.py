"""English display formats for the site's visitors in Europe: day before month and a
24-hour clock ("4 December 2026, 10:00"), where Django's `en` is American ("Dec. 4, 2026,
10 a.m."). Input formats are Django's. Prose dates come from core.formats."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
