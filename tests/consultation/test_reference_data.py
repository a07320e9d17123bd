import pytest

from consultation.models import Activity, ConcernItem, County, PracticeArea, PyramidTier
from referrals.models import Agency, ServiceType

pytestmark = pytest.mark.django_db


def test_all_77_oklahoma_counties_are_loaded_with_fips_codes():
    assert County.objects.count() == 77
    assert County.objects.get(name="Adair").fips_code == "40001"
    assert County.objects.get(name="Woodward").fips_code == "40153"
    assert County.objects.get(name="Oklahoma").fips_code == "40109"
    assert County.objects.get(name="Tulsa").fips_code == "40143"


def test_seed_checklist_has_17_items_in_three_bands():
    counts = {
        band: ConcernItem.objects.filter(age_band=band).count()
        for band in ("infant", "toddler", "preschool")
    }
    assert counts == {"infant": 5, "toddler": 6, "preschool": 6}


def test_only_destructive_to_self_or_others_prompts_crisis_lines():
    flagged = list(ConcernItem.objects.filter(prompts_crisis_lines=True))
    assert [(c.age_band, c.text) for c in flagged] == [
        ("preschool", "Destructive to self or others")
    ]


def test_seed_services_and_agencies_are_loaded():
    names = set(ServiceType.objects.values_list("name", flat=True))
    assert {
        "IECMH consultation",
        "Child Guidance Program",
        "Behavioural and speech therapy",
        "Early Childhood Warmline",
        "Systems of Care (wraparound)",
        "SoonerStart early intervention",
    } <= names
    guidance = ServiceType.objects.get(name="Child Guidance Program")
    providers = set(guidance.agencies.values_list("name", flat=True))
    assert "Tulsa Health Department" in providers
    assert any("OUHSC" in name for name in providers)
    assert any("County health department" in name for name in providers)
    assert Agency.objects.get(name="Early Childhood Warmline").phone == "1-877-271-7611"
    assert ServiceType.objects.get(name="SoonerStart early intervention").max_age_months == 36


def test_crisis_lines_are_reference_data():
    lines = Agency.objects.filter(is_crisis_line=True)
    assert {a.phone for a in lines} == {"988", "1-877-271-7611"}


def test_pyramid_tiers_run_from_foundation_to_intensive_and_practice_areas_exist():
    groups = list(PyramidTier.objects.values_list("level_group", flat=True))
    assert groups[0] == "Foundation" and groups[-1] == "Intensive"
    assert PracticeArea.objects.filter(name="Behaviour support plan").exists()
    assert Activity.objects.filter(
        kind=Activity.Kind.COACHING, name="Side-by-side support"
    ).exists()
