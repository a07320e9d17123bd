"""The size of the synthetic program and the places it serves: scales, counties, row markers."""

from dataclasses import dataclass

# Synthetic rows are marked by these prefixes, so a flush never touches real records.
USERNAME_PREFIX = "synth-"
LICENCE_PREFIX = "SYN-"

# Oklahoma's counties: approximate 2020 census population and a planning region. Consultants live
# in a home county and work mostly there and in the other counties of its region.
COUNTIES: dict[str, tuple[int, str]] = {
    "Adair": (19_500, "northeast"),
    "Alfalfa": (5_700, "northwest"),
    "Atoka": (14_100, "southeast"),
    "Beaver": (5_000, "northwest"),
    "Beckham": (22_400, "southwest"),
    "Blaine": (8_700, "northwest"),
    "Bryan": (46_100, "southeast"),
    "Caddo": (26_900, "southwest"),
    "Canadian": (154_400, "central"),
    "Carter": (48_000, "south_central"),
    "Cherokee": (47_100, "northeast"),
    "Choctaw": (14_200, "southeast"),
    "Cimarron": (2_300, "northwest"),
    "Cleveland": (295_500, "central"),
    "Coal": (5_300, "southeast"),
    "Comanche": (121_100, "southwest"),
    "Cotton": (5_500, "southwest"),
    "Craig": (14_100, "northeast"),
    "Creek": (71_800, "tulsa"),
    "Custer": (28_500, "southwest"),
    "Delaware": (40_400, "northeast"),
    "Dewey": (4_500, "northwest"),
    "Ellis": (3_700, "northwest"),
    "Garfield": (62_800, "northwest"),
    "Garvin": (25_700, "south_central"),
    "Grady": (54_800, "southwest"),
    "Grant": (4_200, "northwest"),
    "Greer": (5_500, "southwest"),
    "Harmon": (2_500, "southwest"),
    "Harper": (3_300, "northwest"),
    "Haskell": (11_600, "southeast"),
    "Hughes": (13_400, "southeast"),
    "Jackson": (24_800, "southwest"),
    "Jefferson": (5_300, "southwest"),
    "Johnston": (10_300, "south_central"),
    "Kay": (43_700, "north_central"),
    "Kingfisher": (15_200, "northwest"),
    "Kiowa": (8_500, "southwest"),
    "Latimer": (9_400, "southeast"),
    "Le Flore": (48_100, "southeast"),
    "Lincoln": (33_500, "central"),
    "Logan": (49_600, "central"),
    "Love": (10_100, "south_central"),
    "McClain": (41_700, "central"),
    "McCurtain": (30_800, "southeast"),
    "McIntosh": (18_900, "southeast"),
    "Major": (7_800, "northwest"),
    "Marshall": (15_300, "south_central"),
    "Mayes": (39_000, "northeast"),
    "Murray": (13_900, "south_central"),
    "Muskogee": (66_300, "northeast"),
    "Noble": (10_900, "north_central"),
    "Nowata": (9_500, "tulsa"),
    "Okfuskee": (11_300, "southeast"),
    "Oklahoma": (796_300, "central"),
    "Okmulgee": (36_700, "tulsa"),
    "Osage": (45_800, "north_central"),
    "Ottawa": (30_300, "northeast"),
    "Pawnee": (15_600, "north_central"),
    "Payne": (81_600, "north_central"),
    "Pittsburg": (43_800, "southeast"),
    "Pontotoc": (38_100, "south_central"),
    "Pottawatomie": (72_500, "central"),
    "Pushmataha": (10_800, "southeast"),
    "Roger Mills": (3_400, "northwest"),
    "Rogers": (95_200, "tulsa"),
    "Seminole": (23_600, "south_central"),
    "Sequoyah": (39_300, "northeast"),
    "Stephens": (43_100, "southwest"),
    "Texas": (21_400, "northwest"),
    "Tillman": (7_000, "southwest"),
    "Tulsa": (669_300, "tulsa"),
    "Wagoner": (81_000, "tulsa"),
    "Washington": (52_500, "tulsa"),
    "Washita": (10_900, "southwest"),
    "Woods": (8_600, "northwest"),
    "Woodward": (20_500, "northwest"),
}


@dataclass(frozen=True)
class Scale:
    supervisors: int
    consultants: int
    sites: int
    classrooms: int
    children: int
    cases: int
    visits: int
    concerns: int
    goal_progress: int
    referrals: int


SCALES = {
    "statewide": Scale(
        supervisors=10,
        consultants=100,
        sites=2_000,
        classrooms=8_000,
        children=50_000,
        cases=20_000,
        visits=500_000,
        concerns=1_000_000,
        goal_progress=200_000,
        referrals=30_000,
    ),
    # About one hundredth of the state (users kept above one per region so every county is served).
    "small": Scale(
        supervisors=2,
        consultants=10,
        sites=40,
        classrooms=160,
        children=500,
        cases=200,
        visits=5_000,
        concerns=10_000,
        goal_progress=2_000,
        referrals=300,
    ),
}

YEARS_OF_HISTORY = 10
# The one case every benchmark can open: a long program-wide case with exactly this many visits.
LONGEST_CASE_VISITS = 200
# The children observed in a classroom change every this many days, as they grow up.
POOL_DAYS = 730
