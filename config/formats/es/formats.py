"""Spanish numbers as the program's Spanish readers write them: 1.234,5 (Django's own Spanish
formats group thousands with a non-breaking space). Everything else is Django's."""

THOUSAND_SEPARATOR = "."
