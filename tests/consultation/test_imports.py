"""Imports of sites, classrooms and children: the dry-run preview, the all-or-nothing write,
the refused rows, the files refused as a whole, the caps, the history and who may import."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from consultation import services
from consultation.models import Child, Classroom, ImportRun, Site
from tests.factories import ChildFactory, ClassroomFactory, SiteFactory, county, today
from tests.factories_l21 import upload

pytestmark = pytest.mark.django_db

INDEX = reverse("consultation:import_index")


@pytest.fixture
def roster(demo_users):
    """Sue's team: ana on a Tulsa site OK-1 with a classroom Bluebirds and a child Zoe K."""
    site = SiteFactory(
        licence_number="OK-1",
        name="Acorns",
        county=county("Tulsa"),
        consultants=[demo_users["ana"]],
    )
    other = SiteFactory(licence_number="OK-2", name="Old name", consultants=[demo_users["ana"]])
    room = ClassroomFactory(site=site, name="Bluebirds", age_group="toddler", lead_teacher="Ms. R")
    child = ChildFactory(classroom=room, first_name="Zoe", last_initial="K")
    return {"site": site, "other": other, "room": room, "child": child, **demo_users}


def preview(client, kind: str, content: bytes, name: str = "file.csv"):
    return client.post(INDEX, {"kind": kind, "file": upload(content, name)})


def sites_csv(roster) -> bytes:
    same = roster["site"]
    return (
        "licence_number,name,site_type,county,director_name,consultant\n"
        f"OK-1,{same.name},centre,Tulsa,{same.director_name},\n"  # unchanged
        "OK-2,New name,,,,\n"  # name changes; empty cells leave the rest
        "OK-3,Brand New Centre,Child care centre,Tulsa County,Dee,ana\n"  # added, on ana's list
        "OK-4,Nowhere,centre,Atlantis,,ana\n"  # unknown county: refused
    ).encode()


def test_preview_counts_adds_changes_unchanged_and_refused_and_writes_nothing(signed_in, roster):
    response = preview(signed_in("sue"), "sites", sites_csv(roster))
    assert response.status_code == 200
    assert response.context["summary"] == {
        "rows": 4,
        "added": 1,
        "changed": 1,
        "unchanged": 1,
        "refused": 1,
    }
    lists = {status: lines for status, _, lines in response.context["lists"]}
    assert lists["change"][0].changes == [("name", "Old name", "New name")]
    assert lists["refused"][0].errors == {
        "county": "Unknown county “Atlantis”: use an Oklahoma county's name."
    }
    assert "Old name → New name" in response.content.decode()
    assert not Site.objects.filter(licence_number__in=["OK-3", "OK-4"]).exists()
    assert Site.objects.get(licence_number="OK-2").name == "Old name"
    run = ImportRun.objects.get()
    assert (run.user, run.file_name, run.status) == (roster["sue"], "file.csv", "previewed")
    assert (run.rows, run.added, run.changed, run.unchanged, run.refused) == (4, 1, 1, 1, 1)


def test_confirm_writes_through_the_services_and_the_history_says_import(signed_in, roster):
    client = signed_in("sue")
    preview(client, "sites", sites_csv(roster))
    run = ImportRun.objects.get()
    response = client.post(reverse("consultation:import_confirm", args=[run.uuid]))
    assert response.status_code == 302
    added = Site.objects.get(licence_number="OK-3")
    assert added.county.name == "Tulsa" and list(added.consultants.all()) == [roster["ana"]]
    assert Site.objects.get(licence_number="OK-2").name == "New name"
    assert added.history.get().history_change_reason == "import"
    assert Site.objects.get(licence_number="OK-2").history.first().history_change_reason == (
        "import"
    )
    run.refresh_from_db()
    assert (run.status, run.added, run.changed, run.stored_name) == ("confirmed", 1, 1, "")
    assert run.confirmed_at is not None


def children_csv(born_ok: str) -> bytes:
    return (
        "site_licence_number,classroom,first_name,last_initial,date_of_birth\n"
        f"OK-1,Bluebirds,Zoe,K,{(today() - timedelta(days=4 * 365)).isoformat()}\n"
        f"OK-1,bluebirds,Mia,R.,{born_ok}\n"
        f"OK-1,Bluebirds,Eli,T,{born_ok}\n"
        "OK-1,Bluebirds,Max,P,2023-02-30\n"  # impossible date
        f"OK-1,Bluebirds,Ida,Garcia,{born_ok}\n"  # a last name, not an initial
        f"OK-1,Bluebirds,Sol,B,{(today() + timedelta(days=3)).isoformat()}\n"  # future
        f"OK-1,Owls,Kai,B,{born_ok}\n"  # no such classroom
    ).encode()


def test_children_preview_refuses_impossible_dates_and_rules_of_the_form(signed_in, roster):
    born = (today() - timedelta(days=800)).isoformat()
    response = preview(signed_in("sue"), "children", children_csv(born))
    summary = response.context["summary"]
    assert (summary["unchanged"], summary["added"], summary["refused"]) == (1, 2, 4)
    refused = {
        line.line: line.errors
        for line in {s: lines for s, _, lines in response.context["lists"]}["refused"]
    }
    assert "is not a date" in refused[5]["date_of_birth"]
    assert set(refused[6]) == {"last_initial"}
    assert refused[7] == {"date_of_birth": "The date of birth cannot be in the future."}
    assert "No classroom “Owls”" in refused[8]["classroom"]


def test_a_failure_while_writing_writes_nothing_at_all(signed_in, roster, monkeypatch):
    client = signed_in("sue")
    preview(client, "children", children_csv((today() - timedelta(days=800)).isoformat()))
    run = ImportRun.objects.get()
    real, calls = services.child_create, []

    def second_fails(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ValidationError({"first_name": "refused on writing"})
        return real(**kwargs)

    monkeypatch.setattr(services, "child_create", second_fails)
    before = Child.objects.count()
    response = client.post(reverse("consultation:import_confirm", args=[run.uuid]))
    assert response.status_code == 302 and len(calls) == 2
    assert Child.objects.count() == before  # the first child written was rolled back too
    run.refresh_from_db()
    assert run.status == "failed" and "Nothing was written" in run.message


def test_the_refused_rows_download_with_a_reason_column(signed_in, roster):
    client = signed_in("sue")
    preview(client, "children", children_csv((today() - timedelta(days=800)).isoformat()))
    run = ImportRun.objects.get()
    response = client.get(reverse("consultation:import_refused", args=[run.uuid]))
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "site_licence_number",
        "classroom",
        "first_name",
        "last_initial",
        "date_of_birth",
        "reason",
    ]
    assert [row[2] for row in rows[1:]] == ["Max", "Ida", "Sol", "Kai"]
    assert rows[1][3:5] == ["P", "2023-02-30"]
    assert rows[1][5].startswith("row 5: date_of_birth: “2023-02-30” is not a date")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 not a table", "roster.csv", "This is a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 40, "roster.xls", "old Excel file"),
        (b"PK\x03\x04 not really a workbook", "roster.xlsx", "not an Excel workbook"),
        (b"licence_number,name\nOK-9,Caf\x81\x8d\n", "roster.csv", "could not be read"),
        (b"\xff\xfel\x00i\x00", "roster.csv", "UTF-16"),
        (b"name,county\nX,Tulsa\n", "roster.csv", "no column “licence_number”"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(signed_in, roster, content, name, message):
    response = preview(signed_in("sue"), "sites", content, name)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["file"])
    run = ImportRun.objects.get()
    assert (run.status, run.stored_name) == ("failed", "")  # the attempt is audited


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")]
)
def test_utf8_with_or_without_bom_and_windows_1252_are_read(signed_in, roster, encoding, bom):
    content = bom + "licence_number,name,site_type,county\nOK-7,Café Niños,centre,Tulsa\n".encode(
        encoding
    )
    client = signed_in("admin")
    response = preview(client, "sites", content)
    assert response.context["summary"]["added"] == 1
    client.post(reverse("consultation:import_confirm", args=[ImportRun.objects.get().uuid]))
    assert Site.objects.get(licence_number="OK-7").name == "Café Niños"


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"site_licence_number,name,age_group\nOK-1,@SUM(1),toddler\n",
        b"site_licence_number,name,age_group\nOK-1,Owls,-2+3\n",
        xlsx([["site_licence_number", "name", "age_group"], ["OK-1", "Owls", "=A1"]]),
    ],
)
def test_formula_cells_stop_the_whole_file(signed_in, roster, content):
    client = signed_in("sue")
    response = preview(client, "classrooms", content, "rooms.xlsx")
    assert response.context["blocking"] and "formula" in response.content.decode()
    assert b"Write " not in response.content  # no confirm button
    run = ImportRun.objects.get()
    client.post(reverse("consultation:import_confirm", args=[run.uuid]))
    assert not Classroom.objects.filter(name="Owls").exists()


def test_duplicate_keys_in_the_file_stop_the_whole_file(signed_in, roster):
    content = b"site_licence_number,name,age_group\nOK-1,Owls,toddler\nOK-1,owls,infant\n"
    client = signed_in("sue")
    response = preview(client, "classrooms", content)
    [line] = response.context["blocking"]
    assert line.line == 3 and "Same key as row 2" in line.errors["site_licence_number"]
    client.post(reverse("consultation:import_confirm", args=[ImportRun.objects.get().uuid]))
    assert not Classroom.objects.filter(name__iexact="owls").exists()


def test_xlsx_rows_are_read_with_their_dates(signed_in, roster):
    born = today() - timedelta(days=700)
    content = xlsx(
        [
            ["site_licence_number", "classroom", "first_name", "last_initial", "date_of_birth"],
            ["OK-1", "Bluebirds", "Noa", "L", born],
        ]
    )
    client = signed_in("sue")
    assert preview(client, "children", content, "kids.xlsx").context["summary"]["added"] == 1
    client.post(reverse("consultation:import_confirm", args=[ImportRun.objects.get().uuid]))
    noa = Child.objects.get(first_name="Noa")
    assert noa.date_of_birth == born and noa.history.get().history_change_reason == "import"


def test_ten_thousand_rows_fit_the_caps_and_one_more_than_the_cap_does_not(
    signed_in, roster, settings
):
    assert settings.IMPORT_MAX_ROWS >= 10_000
    born = (today() - timedelta(days=900)).isoformat()
    header = "site_licence_number,classroom,first_name,last_initial,date_of_birth\n"
    body = "".join(f"OK-1,Bluebirds,Kid{n},Q,{born}\n" for n in range(10_000))
    content = (header + body).encode()
    assert len(content) <= settings.IMPORT_MAX_BYTES
    response = preview(signed_in("sue"), "children", content)
    assert response.context["summary"]["added"] == 10_000
    settings.IMPORT_MAX_ROWS = 9_999
    response = preview(signed_in("sue"), "children", content)
    assert "more than 9,999 rows" in str(response.context["form"].errors["file"])


def test_a_file_over_the_size_cap_is_refused(signed_in, roster, settings):
    settings.IMPORT_MAX_BYTES = 50
    response = preview(signed_in("sue"), "sites", sites_csv(roster))
    assert "larger than" in str(response.context["form"].errors["file"])


def test_a_supervisor_imports_into_their_teams_sites_only(signed_in, roster):
    content = b"site_licence_number,name,age_group\nOK-1,Owls,toddler\n"
    response = preview(signed_in("tom"), "classrooms", content)  # cara's supervisor
    [line] = response.context["lists"][0][2]
    assert (
        "No site with licence number “OK-1” among your sites" in line.errors["site_licence_number"]
    )


@pytest.mark.parametrize("role", ["ana", "lee"])
def test_consultants_and_program_leads_do_not_find_the_import(signed_in, roster, role):
    assert signed_in(role).get(INDEX).status_code == 404


def test_a_held_file_is_its_uploaders_only(signed_in, roster):
    preview(signed_in("sue"), "sites", sites_csv(roster))
    run = ImportRun.objects.get()
    for role in ("tom", "admin"):
        client = signed_in(role)
        assert (
            client.get(reverse("consultation:import_preview", args=[run.uuid])).status_code == 404
        )
        assert (
            client.post(reverse("consultation:import_confirm", args=[run.uuid])).status_code == 404
        )
    assert not Site.objects.filter(licence_number="OK-3").exists()


@pytest.mark.parametrize("kind", ["sites", "classrooms", "children"])
def test_templates_have_the_headers_and_one_example_row(signed_in, roster, kind):
    client = signed_in("sue")
    response = client.get(reverse("consultation:import_template", args=[kind, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 2 and rows[0][0].endswith("licence_number")
    text = client.get(reverse("consultation:import_template", args=[kind, "csv"])).content
    assert len(text.decode("utf-8-sig").splitlines()) == 2
