# Dates as Indonesian readers write them ("27 April 2020"); Django's own `id` locale
# abbreviates the month. Everything else falls back to Django's `id` formats.
DATE_FORMAT = "j F Y"
