# "jueves 3 de diciembre de 2026" and "7:00 p. m." (12-hour time, as most Spanish speakers in the US read it).
DATE_FORMAT = r"l j \d\e F \d\e Y"
TIME_FORMAT = "g:i a"
DATETIME_FORMAT = r"l j \d\e F \d\e Y, g:i a"
SHORT_DATE_FORMAT = r"j M Y"
MONTH_DAY_FORMAT = r"j \d\e F"
YEAR_MONTH_FORMAT = r"F \d\e Y"
