"""The rows of the access matrix (test_access_matrix.py): every URL pattern x every role x GET
and POST -> the expected status. See that module's docstring for how to add a row."""

from fnmatch import fnmatchcase

from tests.security.access_common import (
    ADMIN_ONLY,
    CONSULTANTS,
    EVERYONE,
    FULL,
    READ_ONLY,
    READ_ONLY_PAGE,
    SIGNED_IN_ONLY,
    SUPERVISOR_OF,
    USERS,
    Row,
    admin_model_rows,
    case_query,
    consultants_only,
    expect,
    of_both,
    readable_by,
    record,
    reviewers_only,
    writable_by,
)
from tests.security.access_rows_admin import ADMIN_RECORD_ROWS, in_scope_of, view_on_site_of
from tests.security.access_rows_intake import INTAKE_ROWS

CONSULTANT_ROWS: dict[str, Row | tuple[Row, ...]] = {
    "consultation:caseload": Row(get=SIGNED_IN_ONLY(200), post=READ_ONLY_PAGE),
    # A consultant's own supervision sessions (supervisors record them in the admin).
    "consultation:supervision_list": Row(get=consultants_only(), post=READ_ONLY_PAGE),
    "consultation:site_list": Row(get=SIGNED_IN_ONLY(200), post=READ_ONLY_PAGE),
    # An empty POST redisplays the form with its errors (200) and writes nothing.
    "consultation:site_create": Row(get=consultants_only(), post=consultants_only()),
    "consultation:site_detail": of_both("site", get=readable_by, post=lambda owner: READ_ONLY_PAGE),
    "consultation:classroom_create": of_both("site", get=writable_by, post=writable_by),
    "consultation:child_create": of_both("site", get=writable_by, post=writable_by),
    "consultation:child_detail": of_both(
        "child", get=readable_by, post=lambda owner: READ_ONLY_PAGE
    ),
    "consultation:site_edit": of_both("site", get=writable_by, post=writable_by),
    "consultation:classroom_edit": of_both("classroom", get=writable_by, post=writable_by),
    "consultation:child_edit": of_both("child", get=writable_by, post=writable_by),
    # The confirmation page, then (an empty POST) the reason asked for again: nothing archived.
    "consultation:child_archive": of_both("child", get=writable_by, post=writable_by),
    # POST only; restoring a child on the lists changes nothing and returns to the child.
    "consultation:child_restore": of_both(
        "child", get=lambda owner: consultants_only(405), post=lambda owner: writable_by(owner, 302)
    ),
    "consultation:consent_create": of_both("child", get=writable_by, post=writable_by),
    "consultation:consent_form": of_both(
        "child", get=readable_by, post=lambda owner: READ_ONLY_PAGE
    ),
    "consultation:consent_revoke": of_both("consent", get=writable_by, post=writable_by),
    # The scanned signed form: whoever may see the child, each opening audited.
    "consultation:consent_document": of_both(
        "consent", get=readable_by, post=lambda owner: READ_ONLY_PAGE
    ),
    "consultation:case_create": Row(get=consultants_only(), post=consultants_only()),
    "consultation:case_detail": of_both("case", get=readable_by, post=lambda owner: READ_ONLY_PAGE),
    "consultation:case_close": of_both("case", get=writable_by, post=writable_by),
    # Record a measure from the case page (follow-ups after closing too); void one with a reason.
    # An empty POST redisplays the form with its errors (200) and records nothing.
    "consultation:measure_create": tuple(
        Row(get=writable_by(owner), post=writable_by(owner), kwargs=record(owner, "case"), query=q)
        for owner in ("ana", "cara")
        for q in ("", "?instrument=perm")
    ),
    "consultation:measure_void": of_both("administration", get=writable_by, post=writable_by),
    # Child-focused cases only; an empty POST redisplays the form with its errors (200).
    "consultation:exclusion_create": of_both("case", get=writable_by, post=writable_by),
    # A follow-up whose day has come; an empty POST redisplays the form with its errors (200).
    "consultation:follow_up_answer": of_both(
        "placementfollowup", get=writable_by, post=writable_by
    ),
    # The child has consent in force (the factory's); an empty POST shows the errors (200).
    "consultation:demographics_edit": of_both("child", get=writable_by, post=writable_by),
    # Without ?case= a consultant picks a case; with it, the case must be theirs.
    "consultation:visit_create": (
        Row(get=consultants_only(), post=consultants_only()),
        *(
            Row(
                get=writable_by(owner),
                post=writable_by(owner),
                query=case_query(owner),
            )
            for owner in ("ana", "cara")
        ),
    ),
    "consultation:visit_detail": of_both(
        "visit", get=readable_by, post=lambda owner: READ_ONLY_PAGE
    ),
    "consultation:visit_edit": of_both("visit", get=writable_by, post=writable_by),
    # An empty POST asks for the reason again (200) and voids nothing.
    "consultation:visit_void": of_both("visit", get=writable_by, post=writable_by),
    # The visit form's script: keep a draft (POST only), find a child of the case's site.
    "consultation:draft_save": tuple(
        Row(
            get=consultants_only(405),
            post=writable_by(owner, 204),
            query=case_query(owner),
        )
        for owner in ("ana", "cara")
    ),
    "consultation:draft_discard": of_both(
        "draft", get=lambda owner: consultants_only(405), post=lambda owner: writable_by(owner, 302)
    ),
    "consultation:child_search": tuple(
        Row(get=writable_by(owner), post=consultants_only(405), query=case_query(owner))
        for owner in ("ana", "cara")
    ),
    "consultation:visit_summary": of_both(
        "visit", get=readable_by, post=lambda owner: READ_ONLY_PAGE
    ),
    **INTAKE_ROWS,
    "referrals:referral_list": Row(get=SIGNED_IN_ONLY(200), post=READ_ONLY_PAGE),
    "referrals:referral_create": (
        Row(get=consultants_only(), post=consultants_only()),
        *(
            Row(get=writable_by(owner), post=writable_by(owner), query=case_query(owner))
            for owner in ("ana", "cara")
        ),
    ),
    "referrals:referral_detail": of_both(
        "referral", get=readable_by, post=lambda owner: READ_ONLY_PAGE
    ),
    # POST only: the method is checked before the record, so any consultant gets 405 on GET.
    "referrals:referral_transition": of_both(
        "referral", get=lambda owner: consultants_only(405), post=writable_by
    ),
    "referrals:referral_consent": of_both(
        "referral", get=lambda owner: consultants_only(405), post=writable_by
    ),
    # Read-only pages: the method is refused before the role is looked at.
    "reports:index": Row(get=reviewers_only(), post=READ_ONLY_PAGE),
    "reports:export_visits": Row(get=reviewers_only(), post=READ_ONLY_PAGE),
    "reports:export_table": Row(
        get=reviewers_only(),
        post=READ_ONLY_PAGE,
        kwargs=lambda w: {"table": "by-county"},
    ),
    "reports:missing_follow_ups": Row(get=reviewers_only(), post=READ_ONLY_PAGE),
}


# Imports: supervisors and superusers; to anyone else the pages do not exist. A held file is its
# uploader's only (sue's, in the world: it has a formula cell, so confirming is refused and the
# file stays held for every request). An empty POST to the index redisplays the form.
IMPORTERS = ("sue", "tom", "admin")
IMPORT_ROWS: dict[str, Row | tuple[Row, ...]] = {
    "consultation:import_index": Row(
        get=SIGNED_IN_ONLY(404) | dict.fromkeys(IMPORTERS, 200),
        post=SIGNED_IN_ONLY(404) | dict.fromkeys(IMPORTERS, 200),
    ),
    "consultation:import_template": Row(
        get=SIGNED_IN_ONLY(404) | dict.fromkeys(IMPORTERS, 200),
        post=READ_ONLY_PAGE,
        kwargs=lambda w: {"kind": "children", "file_format": "xlsx"},
    ),
    "consultation:import_preview": Row(
        get=SIGNED_IN_ONLY(404) | {"sue": 200},
        post=READ_ONLY_PAGE,
        kwargs=lambda w: {"uuid": w["import_run"].uuid},
    ),
    "consultation:import_refused": Row(
        get=SIGNED_IN_ONLY(404) | {"sue": 200},
        post=READ_ONLY_PAGE,
        kwargs=lambda w: {"uuid": w["import_run"].uuid},
    ),
    "consultation:import_confirm": Row(
        get=SIGNED_IN_ONLY(405),
        post=SIGNED_IN_ONLY(404) | {"sue": 302},
        kwargs=lambda w: {"uuid": w["import_run"].uuid},
    ),
}


# Trainings delivered: consultants record and correct their own; supervisors read their team's,
# program leads and the administrator everyone's (an empty POST redisplays the form, 200).
TRAINING_ROWS: dict[str, Row | tuple[Row, ...]] = {
    "consultation:training_list": Row(get=SIGNED_IN_ONLY(200), post=READ_ONLY_PAGE),
    "consultation:training_create": Row(get=consultants_only(), post=consultants_only()),
    "consultation:training_detail": of_both(
        "training", get=readable_by, post=lambda owner: READ_ONLY_PAGE
    ),
    "consultation:training_edit": of_both("training", get=writable_by, post=writable_by),
    "consultation:training_void": of_both("training", get=writable_by, post=writable_by),
}


def reset_by(*resetters: str, ok: int) -> dict[str, int]:
    return expect(404, anonymous=302, inactive=302) | dict.fromkeys(resetters, ok)


# Two-factor sign-in. Every role here is past the second step (or has none to take), so the code
# and set-up pages send them on; consultants without a device may set one up. A reset is for
# the person's supervisor or a superuser; to anyone else the person does not exist (404).
TWO_FACTOR_ROWS: dict[str, Row | tuple[Row, ...]] = {
    # POST: new backup codes (then shown once), or "set it up first" for those without.
    "mfa_settings": Row(get=SIGNED_IN_ONLY(200), post=SIGNED_IN_ONLY(302)),
    "mfa_verify": Row(get=SIGNED_IN_ONLY(302), post=SIGNED_IN_ONLY(302)),
    # An empty POST by a consultant asks for the code again (200).
    "mfa_enrol": Row(
        get=SIGNED_IN_ONLY(302) | dict.fromkeys(CONSULTANTS, 200),
        post=SIGNED_IN_ONLY(302) | dict.fromkeys(CONSULTANTS, 200),
    ),
    # Backup codes are shown once, after they are made: with none waiting, back to settings.
    "mfa_backup_codes": Row(get=SIGNED_IN_ONLY(302), post=SIGNED_IN_ONLY(405)),
    "mfa_reset": (
        *(
            Row(
                get=reset_by(SUPERVISOR_OF[person], "admin", ok=200),
                post=reset_by(SUPERVISOR_OF[person], "admin", ok=302),
                kwargs=lambda w, person=person: {"uuid": w[person].uuid},
            )
            for person in ("ana", "cara")
        ),
        # A supervisor's own: only a superuser resets it.
        Row(
            get=reset_by("admin", ok=200),
            post=reset_by("admin", ok=302),
            kwargs=lambda w: {"uuid": w["sue"].uuid},
        ),
    ),
}


# Notifications: each person's own; another's does not exist for them (404). Marking read is a
# POST; an empty POST of the email choices turns every email off and returns to the page.
NOTIFICATION_ROWS: dict[str, Row | tuple[Row, ...]] = {
    "notification_list": Row(get=SIGNED_IN_ONLY(200), post=READ_ONLY_PAGE),
    "notification_read": Row(
        get=SIGNED_IN_ONLY(405),
        post=SIGNED_IN_ONLY(404) | {"ana": 302},
        kwargs=lambda w: {"uuid": w["notification"].uuid},
    ),
    "notifications_read_all": Row(get=SIGNED_IN_ONLY(405), post=SIGNED_IN_ONLY(302)),
    "notification_preferences": Row(get=SIGNED_IN_ONLY(200), post=SIGNED_IN_ONLY(302)),
}


ROWS: dict[str, Row | tuple[Row, ...]] = {
    **CONSULTANT_ROWS,
    **NOTIFICATION_ROWS,
    **IMPORT_ROWS,
    **TRAINING_ROWS,
    **ADMIN_RECORD_ROWS,
    # Public by design.
    "healthz": Row(get=EVERYONE(200), post=EVERYONE(405)),
    # Signed-in users are sent on from the login page.
    "login": Row(
        get=expect(302, anonymous=200, inactive=200), post=expect(302, anonymous=200, inactive=200)
    ),
    "logout": Row(get=expect(405, anonymous=302, inactive=302), post=EVERYONE(302)),
    # The confidentiality agreement: any signed-in user reads it; these have accepted it, so an
    # (empty) POST goes on to the home page.
    "confidentiality_agreement": Row(get=SIGNED_IN_ONLY(200), post=SIGNED_IN_ONLY(302)),
    # Password change: any signed-in user (an empty POST redisplays the form with its errors).
    "password_change": Row(get=SIGNED_IN_ONLY(200), post=SIGNED_IN_ONLY(200)),
    # Each user's own language: an empty POST saves "follow the browser" and comes back (302).
    "language_settings": Row(get=SIGNED_IN_ONLY(200), post=SIGNED_IN_ONLY(302)),
    "password_change_done": Row(get=SIGNED_IN_ONLY(200), post=SIGNED_IN_ONLY(405)),
    # Password reset by email: anyone; a forged link shows "already used or expired".
    "password_reset": Row(get=EVERYONE(200), post=EVERYONE(200)),
    "password_reset_done": Row(get=EVERYONE(200), post=EVERYONE(405)),
    "password_reset_confirm": Row(
        get=EVERYONE(200),
        post=EVERYONE(200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "forged-token"},
    ),
    "password_reset_complete": Row(get=EVERYONE(200), post=EVERYONE(405)),
    # The home page: any signed-in user; consultants are sent on to their caseload.
    # "Stay signed in": any signed-in user.
    "keepalive": Row(get=SIGNED_IN_ONLY(204), post=SIGNED_IN_ONLY(405)),
    "home": Row(
        get=SIGNED_IN_ONLY(200) | dict.fromkeys(CONSULTANTS, 302), post=SIGNED_IN_ONLY(405)
    ),
    # Admin site pages. Staff are supervisors (sue, tom) and the program lead (lee).
    "admin:index": Row(get=ADMIN_ONLY(200, staff=200), post=ADMIN_ONLY(200, staff=200)),
    "admin:login": Row(
        get=expect(302, anonymous=200, ana=200, ben=200, cara=200, inactive=200),
        post=EVERYONE(200),
    ),
    "admin:logout": Row(get=ADMIN_ONLY(405, staff=405), post=EVERYONE(302)),
    "admin:password_change": Row(get=ADMIN_ONLY(200, staff=200), post=ADMIN_ONLY(200, staff=200)),
    "admin:password_change_done": Row(
        get=ADMIN_ONLY(200, staff=200), post=ADMIN_ONLY(405, staff=405)
    ),
    "admin:jsi18n": Row(get=ADMIN_ONLY(200, staff=200), post=ADMIN_ONLY(405, staff=405)),
    # Without a field to complete, the autocomplete endpoint refuses (any real use is a GET).
    "admin:autocomplete": Row(get=ADMIN_ONLY(403, staff=403), post=ADMIN_ONLY(405, staff=405)),
    # "View on site": to the page of a record in the user's scope; another team's is not found
    # (its integer id must not give away its UUID).
    "admin:view_on_site": (
        Row(
            get=ADMIN_ONLY(404, staff=404),
            post=ADMIN_ONLY(404, staff=404),
            kwargs=lambda w: {"content_type_id": "0", "object_id": "0"},
        ),
        *(
            Row(
                get=in_scope_of(owner, 302),
                post=in_scope_of(owner, 302),
                kwargs=view_on_site_of(kind, owner),
            )
            for owner in ("ana", "cara")
            for kind in ("visit", "child")
        ),
    ),
    "admin:app_list": Row(
        get=ADMIN_ONLY(200, staff=404),
        post=ADMIN_ONLY(200, staff=404),
        kwargs=lambda w: {"app_label": "accounts"},
    ),
    "admin:auth_user_password_change": Row(
        get=ADMIN_ONLY(200), post=ADMIN_ONLY(200), kwargs=lambda w: {"id": str(w["ana"].pk)}
    ),
    **TWO_FACTOR_ROWS,
    # Accounts and their audit trails: superusers only; audit records read-only even for them.
    **admin_model_rows("accounts_user", "ana", superuser=USERS),
    **admin_model_rows("auth_group", "group", superuser=FULL),
    **admin_model_rows("accounts_accessrecord", "access_record", superuser=READ_ONLY),
    **admin_model_rows("accounts_twofactorevent", "two_factor_event", superuser=READ_ONLY),
    # The agreement: superusers add versions; one somebody accepted is read-only; none deleted.
    **admin_model_rows(
        "accounts_confidentialityagreement",
        "agreement",
        superuser={**FULL, "change": (200, 403), "delete": (403, 403)},
    ),
    **admin_model_rows("accounts_agreementacceptance", "acceptance", superuser=READ_ONLY),
    **admin_model_rows("axes_accesslog", "access_log", superuser=READ_ONLY),
    **admin_model_rows("axes_accessfailurelog", "failure_log", superuser=READ_ONLY),
    # Lockout counters: superusers read them and delete them to unlock an account. Their
    # fields are read-only, so a "save" changes nothing and returns to the list.
    **admin_model_rows(
        "axes_accessattempt",
        "attempt",
        superuser={**READ_ONLY, "change": (200, 302), "delete": (200, 200)},
    ),
    # The admin's old-style object URLs only redirect to the change page (or to sign in).
    "route:admin/*/<path:object_id>/": Row(
        get=EVERYONE(302), post=EVERYONE(302), kwargs=lambda w: {"object_id": "1"}
    ),
    # Anything else under /admin/: sign in first, then "not found".
    "route:admin/(?P<url>.*)$": Row(
        get=ADMIN_ONLY(404, staff=404),
        post=ADMIN_ONLY(404, staff=404),
        kwargs=lambda w: {"url": "no-such-page/"},
    ),
}


def rows_for(key: str) -> tuple[Row, ...]:
    """The rows of a URL: one Row, or several (one per target, e.g. ana's and cara's record)."""
    found = ROWS.get(key)
    if found is None:
        for pattern, rows in ROWS.items():
            if "*" in pattern and fnmatchcase(key, pattern):
                found = rows
                break
    if found is None:
        return ()
    return found if isinstance(found, tuple) else (found,)
