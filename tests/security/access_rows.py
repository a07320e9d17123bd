"""The rows of the access matrix (test_access_matrix.py): every URL pattern x every role x GET
and POST -> the expected status. See that module's docstring for how to add a row."""

from collections.abc import Callable
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

CONSULTANT_ROWS: dict[str, Row | tuple[Row, ...]] = {
    "consultation:caseload": Row(get=SIGNED_IN_ONLY(200), post=READ_ONLY_PAGE),
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
}


# The admin of the case records ------------------------------------------------------------------
# Consultants are not staff: every admin page sends them to sign in (302), like the signed out.
# Reference lists: staff read them, superusers edit them. Case records: a supervisor sees their
# team's (another team's record does not exist: 404), the program lead reads all, nobody deletes.
STAFF = ("sue", "tom", "lee")


def staff(status: int, *, admin: int | None = None, **by_role: int) -> dict[str, int]:
    """Every staff member (and the superuser, unless given) gets `status`; others sign in."""
    return expect(302, **dict.fromkeys(STAFF, status), admin=status if admin is None else admin) | (
        by_role
    )


def in_scope_of(owner: str, ok: int, *, lee: int | None = None, admin: int | None = None):
    """A case record of `owner`: their supervisor gets `ok`, the other supervisor 404."""
    other = {"sue": "tom", "tom": "sue"}[SUPERVISOR_OF[owner]]
    return staff(ok, admin=admin, lee=ok if lee is None else lee) | {other: 404}


def admin_pk(kind: str, owner: str | None = None) -> Callable[[dict], dict]:
    def kwargs(world):
        obj = world["records"][owner][kind] if owner else world[kind]
        return {"object_id": str(obj.pk)}

    return kwargs


def admin_history_version(kind: str, owner: str | None = None) -> Callable[[dict], tuple]:
    def args(world):
        obj = world["records"][owner][kind] if owner else world[kind]
        if not hasattr(obj, "history"):  # a log without an audit trail of its own
            return (str(obj.pk), "0")
        return (str(obj.pk), str(obj.history.order_by("history_id").first().history_id))

    return args


def reference_admin_rows(app: str, model: str, *, history_version: bool = False) -> dict:
    """A reference list: staff read it (a POST of the change form is refused), superusers edit
    and delete (an empty POST redisplays the form or the confirmation)."""
    prefix, pk = f"admin:{app}_{model}", admin_pk(model)
    rows = {
        f"{prefix}_changelist": Row(get=staff(200), post=staff(200)),
        f"{prefix}_add": Row(get=staff(403, admin=200), post=staff(403, admin=200)),
        f"{prefix}_change": Row(get=staff(200), post=staff(403, admin=200), kwargs=pk),
        f"{prefix}_history": Row(get=staff(200), post=staff(200), kwargs=pk),
        f"{prefix}_delete": Row(get=staff(403, admin=200), post=staff(403, admin=200), kwargs=pk),
    }
    if history_version:
        rows[f"{prefix}_simple_history"] = Row(
            get=staff(200), post=staff(405), kwargs=admin_history_version(model)
        )
    return rows


def catalogue_admin_rows(model: str, *, history_version: bool = False) -> dict:
    """A row of the instrument catalogue: like a reference list, but the program lead edits."""
    rows = reference_admin_rows("consultation", model, history_version=history_version)
    prefix, pk = f"admin:consultation_{model}", admin_pk(model)
    edits = staff(403, admin=200, lee=200)
    rows[f"{prefix}_add"] = Row(get=edits, post=edits)
    rows[f"{prefix}_change"] = Row(get=staff(200), post=edits, kwargs=pk)
    return rows


def scoped_admin_rows(
    app: str,
    model: str,
    *,
    superuser_adds: bool = False,
    read_only: bool = False,
    versions: bool | None = None,
) -> dict:
    """A case record, against ana's and cara's: the reviewer's scope decides, the program lead
    reads only, nobody deletes; an empty POST of the change form redisplays it with errors.
    A read-only record is a log without versions of its own unless `versions` says it has."""
    prefix = f"admin:{app}_{model}"
    versions = not read_only if versions is None else versions
    add = staff(403, admin=200 if superuser_adds else 403)

    def per_owner(get, post, kwargs) -> tuple[Row, ...]:
        return tuple(
            Row(get=get(owner), post=post(owner), kwargs=kwargs(model, owner))
            for owner in ("ana", "cara")
        )

    return {
        f"{prefix}_changelist": Row(get=staff(200), post=staff(200)),
        f"{prefix}_add": Row(get=add, post=add),
        f"{prefix}_change": per_owner(
            lambda o: in_scope_of(o, 200),
            lambda o: in_scope_of(o, 403) if read_only else in_scope_of(o, 200, lee=403),
            admin_pk,
        ),
        f"{prefix}_history": per_owner(
            lambda o: in_scope_of(o, 200), lambda o: in_scope_of(o, 200), admin_pk
        ),
        f"{prefix}_delete": per_owner(
            lambda o: in_scope_of(o, 403), lambda o: in_scope_of(o, 403), admin_pk
        ),
        f"{prefix}_simple_history": per_owner(
            # A log without versions of its own has no page per version (404).
            lambda o: in_scope_of(o, 200 if versions else 404),
            lambda o: in_scope_of(o, 405 if versions else 404),
            admin_history_version,
        ),
    }


ADMIN_RECORD_ROWS: dict[str, Row | tuple[Row, ...]] = {
    **reference_admin_rows("consultation", "county"),
    **reference_admin_rows("consultation", "activity"),
    **reference_admin_rows("consultation", "concernitem"),
    **reference_admin_rows("consultation", "practicearea"),
    **reference_admin_rows("consultation", "pyramidtier"),
    **reference_admin_rows("referrals", "servicetype"),
    **reference_admin_rows("referrals", "agency", history_version=True),
    **scoped_admin_rows("consultation", "site", superuser_adds=True),
    **scoped_admin_rows("consultation", "starrating", superuser_adds=True),
    **scoped_admin_rows("consultation", "classroom", superuser_adds=True),
    **scoped_admin_rows("consultation", "child"),
    # Consent is read in the admin; it is recorded and revoked on the child's page.
    **scoped_admin_rows("consultation", "consent", read_only=True, versions=True),
    **scoped_admin_rows("consultation", "consultationcase"),
    **scoped_admin_rows("consultation", "visit"),
    **scoped_admin_rows("consultation", "observedconcern"),
    **scoped_admin_rows("consultation", "pyramidgoal"),
    **scoped_admin_rows("consultation", "goalprogress"),
    **scoped_admin_rows("referrals", "referral"),
    # The dated steps of a referral: read-only for everyone, superusers included.
    **scoped_admin_rows("referrals", "referralstatuschange", read_only=True),
    # The instrument catalogue: staff read it, program leads and superusers edit it, only a
    # superuser deletes a row. Score fields are edited under their instrument (with cut-offs).
    **catalogue_admin_rows("instrument", history_version=True),
    **catalogue_admin_rows("scorefield"),
    # Measures are recorded and voided on the case page: the admin reads them.
    **scoped_admin_rows("consultation", "administration", read_only=True, versions=True),
    # Scheduled by opening and closing cases: a supervisor lists the team's overdue ones.
    **scoped_admin_rows("consultation", "measuredue", read_only=True),
    # Recorded on the case page: the admin reads them.
    **scoped_admin_rows("consultation", "exclusionevent", read_only=True, versions=True),
    "admin:consultation_team_caseload": Row(get=staff(200), post=staff(405)),
    # The export log: superusers read it; nobody adds, edits or deletes a line of it.
    **admin_model_rows("reports_reportexport", "reportexport", superuser=READ_ONLY),
}


ROWS: dict[str, Row | tuple[Row, ...]] = {
    **CONSULTANT_ROWS,
    **ADMIN_RECORD_ROWS,
    # Public by design.
    "healthz": Row(get=EVERYONE(200), post=EVERYONE(405)),
    # Signed-in users are sent on from the login page.
    "login": Row(
        get=expect(302, anonymous=200, inactive=200), post=expect(302, anonymous=200, inactive=200)
    ),
    "logout": Row(get=expect(405, anonymous=302, inactive=302), post=EVERYONE(302)),
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
    "admin:view_on_site": Row(
        get=ADMIN_ONLY(404, staff=404),
        post=ADMIN_ONLY(404, staff=404),
        kwargs=lambda w: {"content_type_id": "0", "object_id": "0"},
    ),
    "admin:app_list": Row(
        get=ADMIN_ONLY(200, staff=404),
        post=ADMIN_ONLY(200, staff=404),
        kwargs=lambda w: {"app_label": "accounts"},
    ),
    "admin:auth_user_password_change": Row(
        get=ADMIN_ONLY(200), post=ADMIN_ONLY(200), kwargs=lambda w: {"id": str(w["ana"].pk)}
    ),
    # Accounts and their audit trails: superusers only; audit records read-only even for them.
    **admin_model_rows("accounts_user", "ana", superuser=USERS),
    **admin_model_rows("auth_group", "group", superuser=FULL),
    **admin_model_rows("accounts_accessrecord", "access_record", superuser=READ_ONLY),
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
