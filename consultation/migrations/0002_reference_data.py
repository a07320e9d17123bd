"""Reference data every install needs: counties, the concern checklist, activities, Pyramid lists."""

from django.db import migrations

# Oklahoma's 77 counties in FIPS order (codes 40001, 40003, ... 40153).
OKLAHOMA_COUNTIES = [
    "Adair",
    "Alfalfa",
    "Atoka",
    "Beaver",
    "Beckham",
    "Blaine",
    "Bryan",
    "Caddo",
    "Canadian",
    "Carter",
    "Cherokee",
    "Choctaw",
    "Cimarron",
    "Cleveland",
    "Coal",
    "Comanche",
    "Cotton",
    "Craig",
    "Creek",
    "Custer",
    "Delaware",
    "Dewey",
    "Ellis",
    "Garfield",
    "Garvin",
    "Grady",
    "Grant",
    "Greer",
    "Harmon",
    "Harper",
    "Haskell",
    "Hughes",
    "Jackson",
    "Jefferson",
    "Johnston",
    "Kay",
    "Kingfisher",
    "Kiowa",
    "Latimer",
    "Le Flore",
    "Lincoln",
    "Logan",
    "Love",
    "McClain",
    "McCurtain",
    "McIntosh",
    "Major",
    "Marshall",
    "Mayes",
    "Murray",
    "Muskogee",
    "Noble",
    "Nowata",
    "Okfuskee",
    "Oklahoma",
    "Okmulgee",
    "Osage",
    "Ottawa",
    "Pawnee",
    "Payne",
    "Pittsburg",
    "Pontotoc",
    "Pottawatomie",
    "Pushmataha",
    "Roger Mills",
    "Rogers",
    "Seminole",
    "Sequoyah",
    "Stephens",
    "Texas",
    "Tillman",
    "Tulsa",
    "Wagoner",
    "Washington",
    "Washita",
    "Woods",
    "Woodward",
]

# The seed page's signs of emotional concern, by age band; the flag marks the crisis prompt.
CONCERN_CHECKLIST = {
    "infant": [
        ("Rarely cries", False),
        ("Little interest in people or toys", False),
        ("Hard to calm or soothe", False),
        ("Does not make eye contact", False),
        ("Does not gain weight", False),
    ],
    "toddler": [
        ("Does not go to familiar adults for help or comfort", False),
        ("Does not like being touched or held", False),
        ("Does not play well with others", False),
        ("Extremely fearful", False),
        ("Does not show different emotions", False),
        ("Unable to calm self (self-soothe) with caregiver support", False),
    ],
    "preschool": [
        ("Does not play well with others", False),
        ("Has trouble making friends", False),
        ("Loss of skills it had before (regression: toileting, talking, playing)", False),
        ("Destructive to self or others", True),
        ("Withdrawn, sad or fearful", False),
        ("Unable to calm (self-soothe)", False),
    ],
}

ACTIVITIES = {
    "visit": [
        "Classroom observation",
        "Teacher coaching",
        "Reflective consultation",
        "Caregiver/family meeting",
        "Training for staff",
        "Screening",
    ],
    # Near-duplicates of the first kind ("Observation", "Reflective conversation") and of
    # "Modelling" ("Demonstration") were merged by 0007, which also re-points existing visits.
    "coaching": [
        "Modelling",
        "Verbal support",
        "Side-by-side support",
        "Problem solving",
        "Environmental arrangement",
        "Role play",
        "Video review",
        "Graphic feedback",
        "Goal setting",
        "Performance feedback",
        "Providing materials",
    ],
    "follow_up": ["Follow-up by email", "Follow-up by phone", "Follow-up in person"],
}

PYRAMID_TIERS = [
    ("Effective workforce", "Foundation"),
    ("Nurturing and responsive relationships", "Universal"),
    ("High-quality supportive environments", "Universal"),
    ("Targeted social-emotional supports", "Targeted"),
    ("Intensive intervention (individual behaviour support plan)", "Intensive"),
]

PRACTICE_AREAS = [
    "Schedules, routines and transitions",
    "Classroom expectations",
    "Teaching emotional literacy",
    "Friendship skills",
    "Problem solving",
    "Responding to challenging behaviour",
    "Partnering with families",
    "Behaviour support plan",
]


def load_reference_data(apps, schema_editor):
    County = apps.get_model("consultation", "County")
    ConcernItem = apps.get_model("consultation", "ConcernItem")
    Activity = apps.get_model("consultation", "Activity")
    PyramidTier = apps.get_model("consultation", "PyramidTier")
    PracticeArea = apps.get_model("consultation", "PracticeArea")

    for index, name in enumerate(OKLAHOMA_COUNTIES):
        County.objects.get_or_create(name=name, defaults={"fips_code": f"40{2 * index + 1:03d}"})
    for band, items in CONCERN_CHECKLIST.items():
        for order, (text, crisis) in enumerate(items, start=1):
            ConcernItem.objects.get_or_create(
                age_band=band,
                text=text,
                defaults={"prompts_crisis_lines": crisis, "sort_order": order},
            )
    order = 0
    for kind, names in ACTIVITIES.items():
        for name in names:
            order += 1
            Activity.objects.get_or_create(name=name, defaults={"kind": kind, "sort_order": order})
    for order, (name, group) in enumerate(PYRAMID_TIERS, start=1):
        PyramidTier.objects.get_or_create(
            name=name, defaults={"level_group": group, "sort_order": order}
        )
    for order, name in enumerate(PRACTICE_AREAS, start=1):
        PracticeArea.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
