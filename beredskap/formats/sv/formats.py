"""Swedish date formats: Django's own, with a short form that names the month.

Django's Swedish SHORT_DATE_FORMAT is ISO (2026-02-25); pages that show many dates in a
table use a short form a reader need not decode instead: "25 feb. 2026" (the month
abbreviations with their full stop come from this project's catalogue, msgctxt
"abbrev. month"). DATE_FORMAT stays "25 februari 2026". Templates use these names
(`|date:"SHORT_DATE_FORMAT"`), never a literal format, so English pages follow too.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = "j N Y H:i"
