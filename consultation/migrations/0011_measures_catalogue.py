"""The instrument catalogue: score fields and ranges as published (scores only, never items),
cut-offs where the publisher gives them, and who may edit the catalogue in the admin."""

from decimal import Decimal

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

HB, HW = "higher_better", "higher_worse"
T_SCORE = (Decimal(20), Decimal(80))  # T-scores: mean 50, SD 10
PERCENT = (Decimal(0), Decimal(100))

# code, name, rates, ages (months), rooms, scheduled, note, fields
# fields: (name, is_total, (min, max) or None, direction, required, cut-offs)
# cut-offs: (from months, to months, value, label)
DECA_NEED = "Area of need (T-score 40 or below)"
CATALOGUE = [
    (
        "perm",
        "PERM (Preschool Expulsion Risk Measure)",
        "child",
        (36, 71),
        (),
        True,
        "Enter the total risk score as scored on the form. Its range is not published openly, "
        "so any total is taken; higher means a greater risk of expulsion.",
        [("Total risk score", True, None, HW, True, [])],
    ),
    (
        "deca-p2",
        "DECA-P2 (Devereux Early Childhood Assessment for Preschoolers, 2nd ed.)",
        "child",
        (36, 71),
        (),
        True,
        "T-scores from the record form. 40 or below on a protective factor, or 60 or above on "
        "behavioural concerns, is an area of need.",
        [
            ("Total Protective Factors", True, T_SCORE, HB, True, [(None, None, 40, DECA_NEED)]),
            ("Initiative", False, T_SCORE, HB, True, [(None, None, 40, DECA_NEED)]),
            ("Self-Regulation", False, T_SCORE, HB, True, [(None, None, 40, DECA_NEED)]),
            ("Attachment/Relationships", False, T_SCORE, HB, True, [(None, None, 40, DECA_NEED)]),
            (
                "Behavioral Concerns",
                False,
                T_SCORE,
                HW,
                True,
                [(None, None, 60, "Area of need (T-score 60 or above)")],
            ),
        ],
    ),
    (
        "deca-it",
        "DECA-I/T (Devereux Early Childhood Assessment for Infants and Toddlers)",
        "child",
        (1, 36),
        (),
        True,
        "T-scores from the infant (1-18 months) or toddler (18-36 months) record form; "
        "self-regulation is on the toddler form only. 40 or below is an area of need.",
        [
            ("Total Protective Factors", True, T_SCORE, HB, True, [(None, None, 40, DECA_NEED)]),
            ("Initiative", False, T_SCORE, HB, True, [(None, None, 40, DECA_NEED)]),
            ("Attachment/Relationships", False, T_SCORE, HB, True, [(None, None, 40, DECA_NEED)]),
            ("Self-Regulation", False, T_SCORE, HB, False, [(None, None, 40, DECA_NEED)]),
        ],
    ),
    (
        "asq-se-2",
        "ASQ:SE-2 (Ages & Stages Questionnaires: Social-Emotional, 2nd ed.)",
        "child",
        (1, 72),
        (),
        False,
        "The questionnaire's total. Its maximum differs by interval; at or above the "
        "interval's cut-off, refer for further assessment.",
        [
            (
                "Total",
                True,
                (Decimal(0), None),
                HW,
                True,
                [
                    (1, 2, 35, "2 month interval"),
                    (3, 8, 45, "6 month interval"),
                    (9, 14, 48, "12 month interval"),
                    (15, 20, 50, "18 month interval"),
                    (21, 26, 50, "24 month interval"),
                    (27, 32, 57, "30 month interval"),
                    (33, 41, 59, "36 month interval"),
                    (42, 53, 70, "48 month interval"),
                    (54, 72, 70, "60 month interval"),
                ],
            )
        ],
    ),
    (
        "tpot",
        "TPOT (Teaching Pyramid Observation Tool)",
        "classroom",
        None,
        ("preschool", "mixed"),
        True,
        "Summary scores only: key practices and responses to challenging behaviour as the "
        "percentage of indicators seen, red flags as a count (17 in all).",
        [
            ("Key practices (% of indicators)", True, PERCENT, HB, True, []),
            ("Red flags (count)", False, (Decimal(0), Decimal(17)), HW, True, []),
            (
                "Responses to challenging behaviour (% of indicators)",
                False,
                PERCENT,
                HB,
                False,
                [],
            ),
        ],
    ),
    (
        "tpitos",
        "TPITOS (Teaching Pyramid Infant-Toddler Observation Scale)",
        "classroom",
        None,
        ("infant", "toddler", "mixed"),
        True,
        "Summary scores only: key practices as the percentage of indicators seen; red flags "
        "as a count (no published maximum is entered).",
        [
            ("Key practices (% of indicators)", True, PERCENT, HB, True, []),
            ("Red flags (count)", False, (Decimal(0), None), HW, True, []),
        ],
    ),
    (
        "boq",
        "Benchmarks of Quality (Early Childhood Program-Wide PBS)",
        "program",
        None,
        (),
        True,
        "The share of benchmarks the leadership team rates as in place.",
        [("Benchmarks in place (%)", True, PERCENT, HB, True, [])],
    ),
    (
        "tses",
        "Teachers' Sense of Efficacy Scale (short form)",
        "teacher",
        None,
        (),
        True,
        "Means of the 12 items, each rated 1 to 9 by the teacher.",
        [
            ("Total (mean)", True, (Decimal(1), Decimal(9)), HB, True, []),
            ("Student engagement", False, (Decimal(1), Decimal(9)), HB, True, []),
            ("Instructional strategies", False, (Decimal(1), Decimal(9)), HB, True, []),
            ("Classroom management", False, (Decimal(1), Decimal(9)), HB, True, []),
        ],
    ),
]

CATALOGUE_MODELS = ("instrument", "scorefield", "cutoff")
GRANTS = {
    "Supervisors": {"view": (*CATALOGUE_MODELS, "administration", "measuredue")},
    "Program leads": {
        "view": (*CATALOGUE_MODELS, "administration", "measuredue"),
        "add": CATALOGUE_MODELS,
        "change": CATALOGUE_MODELS,
    },
}


def load_catalogue(apps, schema_editor):
    Instrument = apps.get_model("consultation", "Instrument")
    ScoreField = apps.get_model("consultation", "ScoreField")
    CutOff = apps.get_model("consultation", "CutOff")
    for order, (code, name, rates, ages, rooms, scheduled, note, fields) in enumerate(CATALOGUE):
        instrument = Instrument.objects.create(
            code=code,
            name=name,
            rates=rates,
            min_age_months=ages[0] if ages else None,
            max_age_months=ages[1] if ages else None,
            scheduled=scheduled,
            note=note,
            sort_order=order,
            **{f"fits_{room}_rooms": True for room in rooms},
        )
        for position, (label, is_total, bounds, direction, required, cut_offs) in enumerate(fields):
            field = ScoreField.objects.create(
                instrument=instrument,
                name=label,
                is_total=is_total,
                min_value=bounds[0] if bounds else None,
                max_value=bounds[1] if bounds else None,
                direction=direction,
                required=required,
                sort_order=position,
            )
            for low, high, value, meaning in cut_offs:
                CutOff.objects.create(
                    score_field=field,
                    from_age_months=low,
                    to_age_months=high,
                    value=Decimal(value),
                    label=meaning,
                )


def unload_catalogue(apps, schema_editor):
    apps.get_model("consultation", "CutOff").objects.all().delete()
    apps.get_model("consultation", "ScoreField").objects.all().delete()
    apps.get_model("consultation", "Instrument").objects.all().delete()


def grant_permissions(apps, schema_editor):
    app_config = apps.get_app_config("consultation")
    app_config.models_module = True
    create_contenttypes(app_config, verbosity=0, apps=apps)
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    assign_grants(apps)


def assign_grants(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for action, models in grants.items():
            for model in models:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label="consultation", codename=f"{action}_{model}"
                    )
                )


class Migration(migrations.Migration):
    dependencies = [("consultation", "0011_measures")]

    operations = [
        migrations.RunPython(load_catalogue, unload_catalogue),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
