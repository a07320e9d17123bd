"""A synthetic state program, deterministic from a seed: for benchmarks and scale tests."""

from devdata.synthetic.constants import COUNTIES, LICENCE_PREFIX, SCALES, USERNAME_PREFIX, Scale
from devdata.synthetic.generator import SyntheticDataExists, flush, generate, synthetic_counts

__all__ = [
    "COUNTIES",
    "LICENCE_PREFIX",
    "SCALES",
    "USERNAME_PREFIX",
    "Scale",
    "SyntheticDataExists",
    "flush",
    "generate",
    "synthetic_counts",
]
