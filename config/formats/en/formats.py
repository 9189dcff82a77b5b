# "27 April 2020", the same order as the Indonesian site.
DATE_FORMAT = "j F Y"
