"""The program's own rules: thresholds, standards and targets a program may set for itself.

Read into config.settings; everything here is a Django setting like any other."""

import os
from datetime import date

from config.env import env_bool, env_list
from config.holidays import OKLAHOMA_STATE_HOLIDAYS

# The program's name as printed on documents for families and providers (the consent form).
PROGRAM_NAME = os.environ.get(
    "IECMH_PROGRAM_NAME", "Oklahoma Infant and Early Childhood Mental Health Consultation"
)
# Public aggregate exports print counts from 1 to this value minus one as "<N".
SMALL_CELL_THRESHOLD = int(os.environ.get("IECMH_SMALL_CELL_THRESHOLD", "11"))
# A case with no visit for this many days is flagged on caseloads and in the admin.
NO_CONTACT_DAYS = 30
# Plausible dates (core.dates): a record (case, visit, consent, goal) is dated no earlier than
# this; a child is no more than this many years old; a next visit is no more than this many days
# ahead. A date outside is refused beside its field as a likely mistyped year.
EARLIEST_RECORD_DATE = date.fromisoformat(
    os.environ.get("IECMH_EARLIEST_RECORD_DATE", "2000-01-01")
)
OLDEST_CHILD_YEARS = int(os.environ.get("IECMH_OLDEST_CHILD_YEARS", "12"))
NEXT_VISIT_MAX_DAYS = int(os.environ.get("IECMH_NEXT_VISIT_MAX_DAYS", "365"))
# Reports: the state fiscal year starts on the 1st of this month ("SFY 2027": Jul 2026-Jun 2027).
FISCAL_YEAR_START_MONTH = 7
# Dose targets by case focus, (hours, weeks): consultation.dose (Maine ECCP, Louisiana).
DOSE_TARGETS = {"child": (10, 6), "classroom": (20, 14), "program": (40, 26)}
# Visit activities that count as classroom time (by name); others are meeting time.
DOSE_CLASSROOM_ACTIVITIES = [
    "Classroom observation",
    "Modelling",
    "Verbal support",
    "Side-by-side support",
    "Environmental arrangement",
]

# Intake response standards, in business days (core.business_days) from the request received.
INTAKE_FIRST_CONTACT_BUSINESS_DAYS = int(os.environ.get("IECMH_INTAKE_CONTACT_DAYS", "2"))
INTAKE_EXPULSION_FIRST_VISIT_BUSINESS_DAYS = int(os.environ.get("IECMH_INTAKE_VISIT_DAYS", "10"))
# Days that are not business days: IECMH_BUSINESS_HOLIDAYS (ISO dates, comma-separated) or these.
BUSINESS_HOLIDAYS = frozenset(
    map(date.fromisoformat, env_list("IECMH_BUSINESS_HOLIDAYS", OKLAHOMA_STATE_HOLIDAYS))
)
# Closure sign-off: a consultant's closure is a request the supervisor approves or returns
# (consultation.services.closure_signoff). Off, the consultant closes the case at once.
CLOSURE_SIGN_OFF = env_bool("IECMH_CLOSURE_SIGN_OFF", True)
# Imports: an uploaded file never confirmed is deleted after this many hours (the run stays as
# the audit), by the expire_imports command and whenever an import starts.
IMPORT_HOLD_HOURS = int(os.environ.get("IECMH_IMPORT_HOLD_HOURS", "24"))
