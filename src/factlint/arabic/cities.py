"""The Arabic names of the world's principal cities: CLDR's exemplar cities via Babel.

CLDR names a city for every time zone (بيروت، بغداد، نواكشوط، الخرطوم، برلين ...), which covers
the capitals and large cities news datelines and reports name. `cities()` gives one `City` per
zone whose Arabic name is a place name only: not a country's name (تونس، الكويت: the country
is meant; `countries` has them), not an everyday word (ترك "left", نوم "sleep"), not a
description («مدينة غير معروفة»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from factlint.arabic.countries import countries, slug
from factlint.arabic.normalize import normalize

__all__ = ["City", "cities"]

# Zone regions whose exemplar cities are places people live in (not Etc/ or SystemV/).
_REGIONS = (
    "Africa/",
    "America/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)
# CLDR city names that are also everyday Arabic words or too short to tell apart.
_COMMON_WORDS = frozenset(
    normalize(w)
    for w in (
        "ترك",
        "نوم",
        "ماهي",
        "سول",
        "سمراء",
        "سنتر",
        "كريسماس",
        "كانتون",
        "واك",
        "ثيل",
        "جوني",
        "بلم",
    )
)


@dataclass(frozen=True)
class City:
    zone: str
    entity_id: str
    name_ar: str
    name_en: str


@cache
def cities() -> tuple[City, ...]:
    """Every CLDR exemplar city with a usable Arabic name, as `city-<english-name>` ids."""
    from babel import Locale  # imported here: only the extractor needs the CLDR tables

    country_names = {normalize(n) for c in countries() for n in c.names}
    seen: set[str] = set()
    out = []
    for zone, data in sorted(Locale("ar").time_zones.items()):
        name = data.get("city")
        if not zone.startswith(_REGIONS) or not name or re.search(r"[(),،]", name):
            continue
        key = normalize(name)
        if key in country_names or key in _COMMON_WORDS or len(key.replace(" ", "")) < 3:
            continue
        english = zone.rsplit("/", 1)[-1].replace("_", " ")
        entity_id = f"city-{slug(english)}"
        if entity_id in seen:
            continue
        seen.add(entity_id)
        out.append(City(zone=zone, entity_id=entity_id, name_ar=name, name_en=english))
    return tuple(out)
