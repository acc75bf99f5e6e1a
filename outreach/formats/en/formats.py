# Dates as residents read them: "Thursday, December 3, 2026" and "7:00 PM".
DATE_FORMAT = "l, F j, Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "l, F j, Y, g:i A"
SHORT_DATE_FORMAT = "M j, Y"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
