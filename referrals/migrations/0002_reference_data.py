"""Services and agencies from the seed page, plus SoonerStart and the 988 Lifeline."""

from django.db import migrations

SERVICE_TYPES = [
    # name, who it serves, oldest age served in months (exclusive)
    ("IECMH consultation", "Childcare providers and children up to 5", 72),
    (
        "Child Guidance Program",
        "Families and children birth to 8: counselling, trauma-informed care, caregiver "
        "coaching, developmental screening, speech therapy",
        108,
    ),
    (
        "Behavioural and speech therapy",
        "Children with trauma, behaviour or communication needs",
        None,
    ),
    ("Early Childhood Warmline", "Parents, providers, children in distress", None),
    ("Systems of Care (wraparound)", "High-risk families needing coordinated services", None),
    (
        "SoonerStart early intervention",
        "IDEA Part C early intervention, birth to 36 months, free",
        36,
    ),
    ("Crisis line", "Anyone in a mental-health crisis", None),
]

AGENCIES = [
    # name, service types, phone, crisis line, how to contact
    ("Oklahoma State Department of Health", ["IECMH consultation"], "", False, ""),
    ("ODMHSAS", ["IECMH consultation", "Systems of Care (wraparound)"], "", False, ""),
    ("Community nonprofit IECMH program", ["IECMH consultation"], "", False, ""),
    (
        "County health department (Child Guidance)",
        ["Child Guidance Program", "SoonerStart early intervention"],
        "",
        False,
        "",
    ),
    (
        "OUHSC Child Study Center",
        ["Child Guidance Program", "Behavioural and speech therapy"],
        "",
        False,
        "",
    ),
    (
        "Tulsa Health Department",
        ["Child Guidance Program", "SoonerStart early intervention"],
        "",
        False,
        "",
    ),
    ("Licensed counsellor (community)", ["Behavioural and speech therapy"], "", False, ""),
    ("Speech-language pathologist (community)", ["Behavioural and speech therapy"], "", False, ""),
    ("Local community network (Systems of Care)", ["Systems of Care (wraparound)"], "", False, ""),
    ("Early Childhood Warmline", ["Early Childhood Warmline"], "1-877-271-7611", True, "call"),
    ("988 Suicide & Crisis Lifeline", ["Crisis line"], "988", True, "call or text"),
]


def load_reference_data(apps, schema_editor):
    ServiceType = apps.get_model("referrals", "ServiceType")
    Agency = apps.get_model("referrals", "Agency")
    services = {}
    for order, (name, who, max_age) in enumerate(SERVICE_TYPES, start=1):
        services[name], _ = ServiceType.objects.get_or_create(
            name=name,
            defaults={"who_it_serves": who, "max_age_months": max_age, "sort_order": order},
        )
    for order, (name, service_names, phone, crisis, how) in enumerate(AGENCIES, start=1):
        agency, _ = Agency.objects.get_or_create(
            name=name,
            defaults={
                "phone": phone,
                "is_crisis_line": crisis,
                "crisis_contact_how": how,
                "sort_order": order,
            },
        )
        agency.service_types.add(*(services[s] for s in service_names))


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
