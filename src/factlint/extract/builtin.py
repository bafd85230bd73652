"""The built-in extractor: rule-based, offline, deterministic.

For each article it finds
- date and duration mentions (`factlint.extract.temporal`);
- names it knows (reference entities and aliases, CLDR countries, scope phrases) with one
  multi-pattern matcher (`factlint.extract.gazetteer`);
- titles (office words, ranks, a country adjective: `وزير الخارجية المصري`) and the person
  named after them, known or not: an unknown person is a mention with no entity id, keyed by
  `factlint.identity.person_key` so that two spellings of one person agree;
- event claims from trigger words (`factlint.extract.lexicon`) with the participants, place
  and date of their sentence, and a status (planned when the clause speaks of the future);
- role claims (a known person with a known office) and agreement claims (an agreement the
  reference knows, its parties as the article names them, its scopes).

Rows have the columns of `factlint.layout.MENTIONS` and `CLAIMS`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import polars as pl

from factlint.arabic.clitics import split_proclitics
from factlint.arabic.countries import countries
from factlint.dates import Interval, parse_timex
from factlint.extract.gazetteer import Gazetteer, Match, NameEntry
from factlint.extract.lexicon import (
    AGREEMENT_NOUNS,
    CONSTRUCT_HEADS,
    FUTURE_MARKERS,
    FUTURE_VERB,
    HONORIFICS,
    NAME_PARTICLES,
    NEWS_AGENCIES,
    OFFICE_HEADS,
    ONGOING_MARKERS,
    RANKS,
    ROOT_INITIAL,
    STOPWORDS,
    event_trigger,
    trigger_allowed,
)
from factlint.extract.text import Sentence, Token, sentences, tokens, word_key
from factlint.identity import person_key

__all__ = ["BuiltinExtractor"]

_VAGUE = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")
_MAX_NAME_WORDS = 6
# Words that say which document a date dates: «رسالته ... المؤرخة في 24/7/2015م».
_DATED_BY = re.compile(r"(?:[بو]?تاريخ|المورخه في|المورخ في|المورخه|المورخ)\W*$")
# Words before a date that say when something starts (هدنة اعتباراً من يوم الأحد).
_STARTING = re.compile(r"(?:اعتبارا|ابتداء|بدءا|بدايه)\s*(?:من)?\W*(?:يوم)?\W*$")
# Words before a date that make it someone's birth date (من مواليد 1415هـ), no event's.
_BORN = re.compile(r"(?:مواليد|مولود|المولود|ولد|ولدت)\W*(?:في|عام|سنه)?\W*(?:عام)?\W*$")
# `وقف` before a shooting word makes a ceasefire (وقف إطلاق النار، وقف القصف).
_CEASE = frozenset({"وقف", "لوقف", "بوقف", "ووقف", "وقفا", "ووقفا"})
# وقف الأعمال العدائية: a cessation of hostilities is a ceasefire.
_HOSTILITIES = frozenset(word_key(w) for w in ("الأعمال", "العمليات"))
_HOSTILE = word_key("العدائي")
# Verbs of talks: a meeting when the sentence says with whom (بحث X مع Y، ناقش ... مع) and
# names no meeting, call or visit of its own (بحثا خلال اللقاء is that meeting's talk).
_TALKS = re.compile(
    word_key(r"[وف]?(?:بحث(?:ت|ا)?|س?[يت]بحث|ناقش(?:ت|ا)?|س?[يت]ناقش|تباحث(?:ت|ا)?)")
)
_WITH = frozenset(word_key(w) for w in ("مع", "ومع"))
# Words before a trigger that say the event is avoided or reduced, or name something else:
# خفض التصعيد (de-escalation) is no escalation, أوراق اعتماده (credentials) no approval.
_NOT_THE_EVENT = {
    "escalation": frozenset(
        word_key(w)
        for w in ["خفض", "لخفض", "بخفض", "وقف", "لوقف", "عدم", "تجنب", "لتجنب", "منع", "لمنع"]
    ),
    "approval": frozenset(word_key(w) for w in ["أوراق", "وأوراق", "نسخة", "نسخه"]),
}
# Openers by which a sentence places itself at an occasion named elsewhere (see
# `_date_by_reference`): جاء ذلك خلال ...؛ في / خلال + a definite event noun؛ بدوره، من جهته.
_CAME = frozenset(word_key(w) for w in ("جاء", "جاءت", "يأتي", "تأتي"))
_THIS = frozenset(
    word_key(w) for w in ("ذلك", "هذا", "هذه", "كلامه", "كلامها", "تصريحه", "تصريحها")
)
# How a list item opens: a bullet or dash, a number or letter with a bracket or dot, an ordinal.
_LIST_ITEM = re.compile(
    r"(?:[-–—•*▪●]|[0-9٠-٩]{1,2}\s*[-.)]|\(?[0-9٠-٩]{1,2}\)|(?:أولا|ثانيا|ثالثا|رابعا|خامسا)\s*[:\-–ً])"
)
_PRESS = frozenset(word_key(w) for w in ("صحفي", "صحافي", "الصحفي", "الصحافي", "صحفيا", "صحافيا"))
_GOES_ON = frozenset(
    word_key("و" + w)
    for w in ("قال", "قالت", "أضاف", "أضافت", "تابع", "تابعت", "أوضح", "أوضحت", "ذكر", "ذكرت")
)
# What follows a call that a newspaper or an agency made to its source (an interview, not an
# event): لـ«...», مع «...», مع صحيفة / وكالة / قناة ..., أجرته معه.
# The pluperfect (كان ... قد + verb) and «سبق أن» before a trigger: an event recalled.
_RECALLED = re.compile(
    r"(?:(?:^|\s)[وف]?(?:كان|كانت|كانا|كانتا|كانوا)\s+(?:[^\s،,.]+\s+){0,4}قد"
    r"|(?:^|\s)[وف]?سبق\s+(?:ل\S*\s+)?[أا]ن)\s*$"
)
_TO_THE_PRESS = re.compile(
    r"\s*(?:ال)?(?:هاتفي[ةه]?|هاتفيا)?\s*"
    r"(?:ل\s*ـ?\s*[«\"“]|لـ|مع\s*[«\"“]|(?:مع|ل)\s*(?:صحيفة|جريدة|وكالة|قناة|موقع|إذاعة|مراسل|مجلة)"
    r"|(?:مع|ل)(?:ال)?(?:صحيفة|جريدة|وكالة|قناة|موقع|إذاعة|مراسل|مجلة)|أجرت|أجراه)"
)
_SESSION = frozenset(word_key(w) for w in ("الجلسة", "الجلسات", "الاجتماعات", "الاجتماع"))
_IN_IT = frozenset(word_key(w) for w in ("في", "خلال", "وخلال", "وفي", "أثناء", "وأثناء"))
_IN_TURN = frozenset(
    word_key(w)
    for w in (
        "بدوره",
        "بدورها",
        "بدورهم",
        "من جهته",
        "من جهتها",
        "من جانبه",
        "من جانبها",
    )
)
# Participants of an event are the people (else organisations) this close to its trigger.
_ACTOR_WINDOW = 250
# Acts of states: with no person or organisation named, the countries of the sentence act
# (a handover: the country that hands over and the one that receives).
_STATE_ACTS = frozenset(
    {
        "signing",
        "ratification",
        "approval",
        "ceasefire",
        "escalation",
        "military_operation",
        "handover",
    }
)
# Words that open what a statement reports (قال إن ...، أكد أن ...، صرح بأنه ...).
_REPORTED = re.compile(r"(?<![\w])(?:ب?[أا]ن|إن|ان)(?:ه|ها|هم|هما)?(?![\w])")
# Titles that are followed by a bare given name (الملك سلمان، الأمير خالد، الملا عمر).
_ONE_WORD_NAME_TITLES = frozenset(
    {"king", "prince", "princess", "emir", "sheikh", "sultan", "mullah"}
)
# Titles whose indefinite form takes the name directly, with no complement (نظيره أيمن
# الصفدي، د. محمد).
_ONE_WORD_HEADS = _ONE_WORD_NAME_TITLES | {"counterpart", "doctor", "engineer"}


@dataclass
class _Mention:
    kind: str
    start: int
    end: int
    text: str
    value: str | None
    extra: dict[str, Any] = field(default_factory=dict)
    name_key: str | None = None  # unknown people: their person_key
    sentence: int = -1
    index: int = -1  # position in the article's mention list, set at the end


@dataclass
class _Article:
    article_id: str
    text: str
    published: str | None


class BuiltinExtractor:
    """factlint's rule-based extractor (see the module docstring)."""

    name = "factlint-rules"
    version = "0.2.0"

    def __init__(self) -> None:
        self._gazetteer: Gazetteer | None = None
        self._office_ids: dict[tuple[str, str], str] = {}
        self._agreements: dict[frozenset[str], list[str]] = {}
        self._agreement_words: dict[str, set[str]] = {}
        self._held: dict[str, set[str]] = {}
        self._known_person_ends: list[int] = []
        # Per article: office id or key -> (person id, person key) of who holds it.
        self._holders: dict[str, tuple[str | None, str | None]] = {}
        self._countries_named: set[str] = set()
        # Starts of the countries that name a title's country (رئيس وزراء باكستان): places
        # mentioned, but not where an event happens.
        self._title_countries: set[int] = set()
        self._office_country: dict[str, str] = {}
        self._text = ""
        self._sentences: dict[int, Sentence] = {}
        self._trigger_starts: list[int] = []
        self._previous_mentions: list[_Mention] = []
        self._sentence_keys: dict[int, str] = {}

    # -- set-up -------------------------------------------------------------------------------
    def prepare(self, reference: dict[str, pl.DataFrame]) -> None:
        """Build the name matcher and lookups from the reference tables (any may be empty)."""
        self._gazetteer = Gazetteer.build(reference)
        types = self._gazetteer.entity_types
        country_slugs = {c.entity_id.removeprefix("country-"): c for c in countries()}
        # office-<country>-<slug> ids the reference knows, for titles built from parts.
        self._office_ids = {}
        for entity_id, etype in types.items():
            if etype != "office" or not entity_id.startswith("office-"):
                continue
            rest = entity_id.removeprefix("office-")
            for country_slug in country_slugs:
                if rest.startswith(country_slug + "-"):
                    self._office_ids[(country_slug, rest[len(country_slug) + 1 :])] = entity_id
        self._office_country = {
            office: country for (country, _), office in self._office_ids.items()
        }
        self._agreement_words = {}
        for frame, column in (("entities", "name_ar"), ("aliases", "alias")):
            table = reference.get(frame)
            if table is None or not table.height:
                continue
            for entity_id, name in table.select("entity_id", column).iter_rows():
                if entity_id and name and types.get(entity_id) == "agreement":
                    self._agreement_words.setdefault(entity_id, set()).update(_content_words(name))
        # person id -> the offices the reference says they held, so that a bare title before a
        # known name (الرئيس عبدالفتاح السيسي، الملك سلمان) names that office.
        self._held = {}
        holders = reference.get("office_holders")
        if holders is not None and holders.height:
            for office_id, person_id in holders.select("office_id", "person_id").iter_rows():
                if office_id and person_id:
                    self._held.setdefault(person_id, set()).add(office_id)
        parties = reference.get("agreement_parties")
        self._agreements = {}
        if parties is not None and parties.height:
            grouped = parties.group_by("agreement_id").agg(pl.col("party_id").unique())
            for agreement_id, party_ids in grouped.iter_rows():
                if agreement_id and party_ids:
                    key = frozenset(p for p in party_ids if p)
                    self._agreements.setdefault(key, []).append(agreement_id)

    # -- one article ----------------------------------------------------------------------------
    def extract(
        self, article_id: str, text: str, published: str | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """`(mentions, claims, unknown)` rows for one article.

        `unknown` lists people and titles the reference does not know: `kind`, `text`,
        `name_key`, `sentence` (the sentence they were met in).
        """
        if self._gazetteer is None:
            raise RuntimeError("call prepare() with the reference tables first")
        art = _Article(article_id, text, published)
        words = tokens(text)
        sents = sentences(text)
        sentence_of = _sentence_index(sents, len(text))
        mentions = self._temporal(art)
        taken = _Coverage(len(text))
        for m in mentions:
            taken.take(m.start, m.end)
        known = [m for m in self._gazetteer.match(text, words) if not _adjective_name(words, m)]
        known = _without_longer_names(text, words, known)
        _foreign_namesakes(words, known)
        _home_names(text, words, known)
        titled = self._titles_and_people(art, words, known, taken)
        titled += _institutions(text, words, known, taken)
        # Agreement names before the names inside them: «اتفاقيتين للتعاون العسكري» is one
        # agreement mention, not a scope.
        agreements = self._agreement_mentions(art, words, taken, known)
        for match in known:
            if taken.free(match.start, match.end):
                taken.take(match.start, match.end)
                entry = match.entry
                mentions.append(
                    _Mention(
                        entry.kind,
                        match.start,
                        match.end,
                        text[match.start : match.end],
                        entry.value,
                        {"of_title": True} if match.start in self._title_countries else {},
                        # An organisation known only by its namesake's name keeps a key of its
                        # own (وزارة الدفاع الروسية), as an unknown person does.
                        name_key=person_key(text[match.start : match.end])
                        if entry.kind == "person"
                        or (entry.kind == "organisation" and not entry.value)
                        else None,
                    )
                )
        mentions += titled
        mentions += agreements
        mentions.sort(key=lambda m: (m.start, m.end))
        for i, m in enumerate(mentions):
            m.index = i
            m.sentence = sentence_of(m.start)
        claims = self._claims(art, words, sents, sentence_of, mentions)
        mention_rows = [self._mention_row(art, m) for m in mentions]
        by_index = {s.index: s for s in sents}
        unknown = [
            {
                "kind": m.kind,
                "text": m.text,
                "name_key": m.name_key or word_key(m.text),
                "sentence": _sentence_text(text, by_index.get(m.sentence), m),
            }
            for m in mentions
            if m.kind in ("person", "title") and m.value is None
        ]
        return mention_rows, claims, unknown

    # -- mentions -------------------------------------------------------------------------------
    def _temporal(self, art: _Article) -> list[_Mention]:
        from factlint.extract.temporal import gregorian_value, tag_dates

        tagged = tag_dates(art.text, art.published)
        out = []
        for t in tagged:
            extra = {
                "granularity": t.granularity,
                "calendar": t.calendar,
                "weekday": t.weekday,
                "relative": t.relative,
                "_anchor": t.anchor,
                "_same_as": t.same_as,
                "_future": t.future,
                "_gregorian": gregorian_value(t) if t.kind == "date" else None,
            }
            out.append(_Mention(t.kind, t.start, t.end, t.text, t.value, extra))
        # Keep the tagger's indexes resolvable after sorting: remember each mention object.
        for m in out:
            for key in ("_anchor", "_same_as"):
                ref = m.extra[key]
                if isinstance(ref, int) and not isinstance(ref, bool) and 0 <= ref < len(out):
                    m.extra[key] = out[ref]
        return out

    def _titles_and_people(
        self, art: _Article, words: list[Token], known: list[Match], taken: _Coverage
    ) -> list[_Mention]:
        """Titles (office + country adjective, ranks) and the person each one introduces."""
        text = art.text
        by_first = {m.first_token: m for m in known}
        adjectives = _adjective_index()
        out: list[_Mention] = []
        self._holders = {}
        self._title_countries = set()
        # Whose officials a bare title means: the agency's country, else the dateline's.
        agency = _agency_country(art.text) or next(
            (
                m.entry.value
                for m in known
                if m.entry.kind == "place"
                and m.entry.value
                and _is_country(m.entry.value)
                and m.start < 40
                and "\n" not in text[: m.start]
                and re.match(r"\s*[-–(:]", text[m.end : m.end + 3])
            ),
            None,
        )
        self._known_person_ends = sorted(k.end for k in known if k.entry.kind == "person")
        last_slug: str | None = None  # the office a later نظيره (counterpart) refers to
        envoys: dict[tuple[str, str], str] = {}  # (sending country, slug) -> the envoy's office
        i = 0
        count = len(words)
        while i < count:
            if words[i].key not in _TITLE_FIRSTS:
                i += 1  # most words: one set look-up
                continue
            head = _title_at(words, i) or _longest(words, i, CONSTRUCT_HEADS)
            if head is None:
                i += 1
                continue
            # A known title (reference office alias) covering these words wins.
            ref = by_first.get(i)
            # An office in the construct state before a country's name (رئيس وزراء باكستان):
            # the country is its adjective, and stays a place mention of its own.
            named = None
            for construct in (_longest(words, i, CONSTRUCT_HEADS), head) if ref is None else ():
                named = construct and _country_after(text, words, i + construct[0], by_first)
                if named is not None:
                    head = construct
                    self._title_countries.add(named.start)
                    break
            n, slug = head
            j = i + n
            name_from: int | None = None  # where the name starts, after a known body
            ref_adjective = None
            if ref is not None and ref.entry.kind == "title" and ref.last_token + 1 < len(words):
                # A known title followed by a country adjective (وزير الدفاع البوليفي) names
                # that country's office, whatever country the bare title usually means.
                following = words[ref.last_token + 1].key
                ref_adjective = adjectives.get(following.removesuffix("ه")) or adjectives.get(
                    following
                )
                if not following.startswith("ال"):
                    ref_adjective = None
            country_slug: str | None = None
            if named is not None and named.entry.value:
                country_slug = named.entry.value.removeprefix("country-")
                title_end = words[j - 1].end
                value = self._office_ids.get((country_slug, slug))
                if slug == "counterpart":
                    slug = last_slug or slug
                else:
                    last_slug = slug
            elif ref is not None and ref.entry.kind == "title" and ref_adjective is None:
                j = ref.last_token + 1
                title_end, value = ref.end, ref.entry.value
                if (past := _after_modifiers(words, j)) > j:  # الرئيس اليمني السابق
                    j, title_end = past, words[past - 1].end
                office_country = self._office_country.get(value or "")
                if (
                    agency is not None
                    and office_country is not None
                    and f"country-{office_country}" != agency
                    and not _names_a_country(words[ref.first_token : ref.last_token + 1])
                ):
                    # A bare title the reference knows as one country's office, in another
                    # country's agency copy (رئيس الجمهورية from وات is not Yemen's president).
                    value = None
                for (_country, office_slug), office_id in self._office_ids.items():
                    if office_id == value:
                        last_slug = office_slug
            else:
                if ref is not None and ref.entry.kind == "title":
                    j = ref.last_token + 1
                elif (
                    not words[j - 1].key.startswith(("ال", "لل"))
                    and slug not in _ONE_WORD_HEADS
                    and slug not in _RANK_SLUGS
                ):
                    # An indefinite head is in the construct state: its complement comes before
                    # any name (وزير حقوق الإنسان، رئيس إقليم كردستان، محافظ نينوى). A known
                    # body or place there stays a mention of its own, the name comes after it.
                    j, name_from = _genitive_end(text, words, j, by_first)
                # Complements of the office (الشؤون الخارجية، للشؤون العسكرية) and the adjective.
                while name_from is None and j < len(words) and j - i < n + 4:
                    key = words[j].key
                    body = by_first.get(j)
                    joined = _is_joined(text, words[j - 1], words[j])
                    if joined and key[:1] == "ل" and not key.startswith("لل") and body is not None:
                        # الأمين العام لجامعة الدول العربية: the body, a mention of its own
                        if body.entry.kind in ("organisation", "place"):
                            name_from = body.last_token + 1
                        break
                    if joined and (
                        key == "باسم"
                        or (key[:1] == "ل" and not key.startswith("لل") and slug in _OF_A_BODY)
                    ):
                        # الناطق باسم كتائب القسام، الأمين العام لحزب الله: the body he speaks
                        # for or leads
                        start = j + 1 if key == "باسم" else j
                        end, name_from = _genitive_end(text, words, start, by_first)
                        if end > j:
                            j = end
                            continue
                        name_from = None
                    stem = key[1:] if key.startswith(("و",)) else key
                    adj = adjectives.get(stem.removesuffix("ه")) or adjectives.get(stem)
                    if adj is not None and stem.startswith("ال"):
                        country_slug = adj
                        j += 1
                        j = _after_modifiers(words, j)  # وزير الخارجية الليبي الأسبق
                        break
                    if (
                        key.startswith(("ال", "لل", "لشوون", "لشيون"))
                        and key != _SAYYID
                        and not _hamza_initial(words[j])
                        and (key,) not in OFFICE_HEADS  # الوزير المبعوث: a second title
                        and key not in STOPWORDS
                        and _is_joined(text, words[j - 1], words[j])
                        and (by_first.get(j) is None or by_first[j].entry.kind == "scope")
                        and slug not in ("king", "prince", "sheikh", "sultan", "emir", "mullah")
                    ):
                        j += 1
                        continue
                    if (
                        key.startswith("وال")
                        and (by_first.get(j) is None or by_first[j].entry.kind == "scope")
                        and j + 1 < len(words)
                        and _is_joined(text, words[j - 1], words[j])
                        and _is_joined(text, words[j], words[j + 1])
                        and (
                            adjectives.get(words[j + 1].key.removesuffix("ه"))
                            or adjectives.get(words[j + 1].key)
                        )
                    ):
                        j += 1  # وزير الاقتصاد والتجارة اللبناني: a second portfolio
                        continue
                    break
                title_end = words[j - 1].end
                if slug == "counterpart":
                    slug = last_slug or slug
                elif country_slug is not None:
                    last_slug = slug
                value = self._office_ids.get((country_slug, slug)) if country_slug else None
                if value is None and country_slug is not None:
                    # السفير المغربي في العاصمة الأذربيجانية: an envoy's office is known by the
                    # country it is sent to; a later bare السفير المغربي is the same envoy.
                    value = self._envoy_office(
                        country_slug, slug, words[j : j + 6], by_first, adjectives
                    ) or envoys.get((country_slug, slug))
                    if value is not None:
                        envoys[(country_slug, slug)] = value
            if i and _stem_of_key(words[i - 1].key)[1] in _FACILITIES:
                # مطار الملك فهد الدولي، جامعة الملك سعود: an institution named after a person.
                # Unknown to the reference, it is an organisation with a name key of its own.
                facility = words[i - 1]
                end_k = min(j + 1, len(words))  # the title and the one-word name after it
                while end_k < len(words) and words[end_k].key in _FACILITY_ADJECTIVES:
                    end_k += 1
                start = facility.start + _stem_of_key(facility.key)[0]
                end = words[end_k - 1].end
                if taken.free(start, end) and by_first.get(i - 1) is None:
                    taken.take(start, end)
                    # The key leaves out the adjective some outlets add (الدولي).
                    core = text[start : words[min(j, len(words) - 1)].end]
                    out.append(_unknown_organisation(text, start, end, person_key(core)))
                i = end_k
                continue
            title_start = words[i].start + _clitic_offset(words[i])
            if not taken.free(title_start, title_end):
                i += 1
                continue
            taken.take(title_start, title_end)
            out.append(
                _Mention(
                    "title",
                    title_start,
                    title_end,
                    text[title_start:title_end],
                    value,
                    # A former holder's title (الرئيس اليمني السابق) makes no role claim.
                    {"slug": slug, "former": any(w.key in _FORMER for w in words[i:j])},
                    # An office the reference lacks still has a stable key across articles.
                    name_key=None
                    if value or country_slug is None
                    else f"office-{country_slug}-{slug}",
                )
            )
            # The person named right after the title (after honorifics and one comma).
            k = named.last_token + 1 if named is not None else (name_from or j)
            at = by_first.get(k)
            if (
                named is None
                and at is not None
                and at.entry.kind == "place"
                and at.entry.value
                and _is_country(at.entry.value)
                and words[k].text.startswith("ب")
                and slug not in _ENVOY_SLUGS
                and _is_joined(text, words[k - 1], words[k])
            ):
                # وزير الخارجية بجمهورية مصر العربية سامح شكري: the office is that country's
                # (an envoy's «بالجزائر» is where he is posted, not whose envoy he is).
                country = at.entry.value.removeprefix("country-")
                out[-1].value = out[-1].value or self._office_ids.get((country, slug))
                self._title_countries.add(at.start)
                k = at.last_token + 1
            while (
                k < len(words)
                and (words[k].key in HONORIFICS or words[k].key == _SAYYID)
                and _is_joined(text, words[k - 1], words[k], 2)
            ):
                k += 1
            # A title in apposition after a name (سلمان بن عبد العزيز، ملك المملكة ...) names
            # no one after a further comma (... ملك المملكة العربية السعودية، أبعث لكم).
            limit = 1 if self._after_name(title_start, out) else 3
            if k < len(words) and _is_joined(text, words[k - 1], words[k], limit):
                ref = by_first.get(k)
                if ref is not None and ref.entry.kind == "person":
                    title = out[-1]
                    if title.value is None and country_slug is None:
                        held = sorted(
                            o for o in self._held.get(ref.entry.value, ()) if o.endswith("-" + slug)
                        )
                        if len(held) == 1:
                            title.value = held[0]  # الرئيس عبدالفتاح السيسي: Egypt's president
                    self._hold(title, ref.entry.value, None)
                    i = ref.last_token + 1
                    continue
                if ref is None:
                    end_k = _name_end(text, words, k, by_first, taken=taken)
                    if end_k - k == 1 and slug not in _ONE_WORD_NAME_TITLES:
                        end_k = k
                    if end_k > k:
                        start, end = words[k].start, words[end_k - 1].end
                        if taken.free(start, end):
                            taken.take(start, end)
                            name = text[start:end]
                            self._hold(out[-1], None, person_key(name))
                            out.append(
                                _Mention(
                                    "person", start, end, name, None, name_key=person_key(name)
                                )
                            )
                        i = end_k
                        continue
            i = j
        out += self._courtesy_titles(text, words, out, known, taken)
        out += _coordinated_names(text, words, by_first, taken)
        self._refer_back(out, known)
        return out

    @staticmethod
    def _courtesy_titles(
        text: str, words: list[Token], out: list[_Mention], known: list[Match], taken: _Coverage
    ) -> list[_Mention]:
        """Courtesy words before a title or a name (فخامة، معالي، صاحب السمو الملكي): title
        mentions that name no office (the data model's convention). Before a name no title
        introduces (السيد عبد المجيد تبون), the name of two words or more is an unknown
        person's."""
        starts = {m.start for m in out if m.kind in ("title", "person")}
        starts |= {k.start for k in known if k.entry.kind == "person"}
        by_first = {k.first_token: k for k in known}
        found: list[_Mention] = []
        first = _COURTESY_FIRST
        # Most words: two set look-ups (the second for a clitic: وفخامة); most articles keep a
        # handful of candidates.
        candidates = [i for i, w in enumerate(words) if w.key in first or w.key[1:] in first]
        for i in candidates:
            if found and words[i].start < found[-1].end:
                continue
            n = _courtesy_at(words, i)
            if not n:
                continue
            start = words[i].start + _clitic_offset(words[i])
            end = words[i + n - 1].end
            following = words[i + n].start if i + n < len(words) else None
            if (
                following is not None
                and following in starts
                and len(text[end:following]) <= 2
                and taken.free(start, end)
            ):
                taken.take(start, end)
                found.append(_Mention("title", start, end, text[start:end], None))
                continue
            k = i + n
            end_k = k
            if following is not None and words[k].key not in _OFFICE_NOUNS:
                end_k = _name_end(text, words, k, by_first, taken=taken)
            if (
                end_k - k >= 2
                and _is_joined(text, words[k - 1], words[k])
                and taken.free(start, words[end_k - 1].end)
            ):
                name_start, name_end = words[k].start, words[end_k - 1].end
                taken.take(start, name_end)
                name = text[name_start:name_end]
                found.append(_Mention("title", start, end, text[start:end], None))
                found.append(
                    _Mention("person", name_start, name_end, name, None, name_key=person_key(name))
                )
        return found

    def _after_name(self, start: int, out: list[_Mention]) -> bool:
        """Whether a name ends just before offset `start` (at most a comma between)."""
        for m in reversed(out):  # in text order: only the last mentions can be that close
            if m.end < start - 3:
                break
            if m.kind == "person" and 0 <= start - m.end <= 3:
                return True
        ends = self._known_person_ends
        at = bisect.bisect_left(ends, start - 3)
        return at < len(ends) and ends[at] <= start

    def _hold(self, title: _Mention, value: str | None, key: str | None) -> None:
        """Note who holds the office a title names (وزير الخارجية البوليفي خوان غارسيا), so
        that the same title alone elsewhere in the article (a headline) names that person."""
        office = title.value or title.name_key
        if title.extra.get("former"):
            return  # الرئيس السابق: not who holds the office now
        if office is not None and (value or key):
            self._holders.setdefault(office, (value, key))

    @staticmethod
    def _refer_back(out: list[_Mention], known: list[Match]) -> None:
        """A bare definite title (السفير، الوزير) with no name after it refers back to the
        last office of its kind the article named (السفير المغربي ... زيارة السفير)."""
        named = sorted(
            [m.start for m in out if m.kind == "person"]
            + [k.start for k in known if k.entry.kind == "person"]
        )
        last: dict[str, str] = {}
        for m in out:
            if m.kind != "title":
                continue
            slug = m.extra.get("slug")
            if m.value:
                last[slug] = m.value
                continue
            if m.name_key or " " in m.text.strip() or not word_key(m.text).startswith("ال"):
                continue
            at = bisect.bisect_left(named, m.end)
            if at < len(named) and named[at] - m.end <= 3:
                continue  # الرئيس محمود عباس: a name follows, the title is his
            m.value = last.get(slug)

    def _envoy_office(
        self,
        country_slug: str,
        slug: str,
        following: list[Token],
        by_first: dict[int, Match],
        adjectives: dict[str, str],
    ) -> str | None:
        """The reference office `office-<country>-<slug>-to-<host>` whose host country the
        words after the title name (لدى أذربيجان، في العاصمة الأذربيجانية باكو)."""
        prefix = f"{slug}-to-"
        offices = {
            rest.removeprefix(prefix): office_id
            for (sender, rest), office_id in self._office_ids.items()
            if sender == country_slug and rest.startswith(prefix)
        }
        if not offices:
            return None
        for word in following:
            key = word.key[1:] if word.key.startswith(("و", "ب", "ل")) else word.key
            host = adjectives.get(key.removesuffix("ه")) or adjectives.get(key)
            if host in offices:
                return offices[host]
        if not following:
            return None
        lo, hi = following[0].start, following[-1].end
        for match in by_first.values():
            if lo <= match.start < hi and match.entry.value.startswith("country-"):
                host = match.entry.value.removeprefix("country-")
                if host in offices:
                    return offices[host]
        return None

    def _agreement_mentions(
        self, art: _Article, words: list[Token], taken: _Coverage, known: list[Match]
    ) -> list[_Mention]:
        """`اتفاقية التعاون العسكري`, `مذكرة تفاهم`, `بروتوكول ...`: noun plus its complement.

        Words inside a name the reference knows (an agreement, an organisation) are left to it.
        """
        out = []
        text = art.text
        named = set()
        for match in known:
            if match.entry.kind in ("agreement", "organisation"):
                named.update(range(match.first_token, match.last_token + 1))
        for i, w in enumerate(words):
            if i in named:
                continue
            stem_offset, stem = _stem(w)
            if not AGREEMENT_NOUNS.fullmatch(stem):
                continue
            if stem == "عقد" and (stem_offset or _owned(words, i + 1)):
                continue  # وعقد فخامته اجتماعاً: the verb «held», not a contract
            j = i + 1
            definite = stem.startswith(("ال", "لل"))
            while j < len(words) and j - i <= 5 and _is_joined(text, words[j - 1], words[j]):
                key = words[j].key
                article = key.startswith(("ال", "لل")) or (
                    key.startswith("ل") and len(key) > 3 and j == i + 1
                )
                if (
                    key in STOPWORDS
                    or event_trigger(key) is not None
                    or key.startswith(("سي", "ست"))
                ):
                    break
                if key.startswith(("وال", "فال")) and j > i + 1:
                    j += 1  # coordinated adjectives: العسكري والتقني
                    continue
                if key.startswith("و") or (definite and not article):
                    break  # a definite name takes definite complements only (الاتفاقية تعكس)
                j += 1
            if j == i + 1 and stem in ("قرار", "القرار", "عقد", "العقد", "اعلان", "الاعلان"):
                continue
            start, end = w.start + stem_offset, words[j - 1].end
            if taken.free(start, end):
                taken.take(start, end)
                out.append(_Mention("agreement", start, end, text[start:end], None))
        return out

    # -- claims ---------------------------------------------------------------------------------
    def _claims(
        self,
        art: _Article,
        words: list[Token],
        sents: list[Sentence],
        sentence_of: Any,
        mentions: list[_Mention],
    ) -> list[dict[str, Any]]:
        by_sentence: dict[int, list[_Mention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        words_by_sentence: dict[int, list[Token]] = {}
        for w in words:
            words_by_sentence.setdefault(sentence_of(w.start), []).append(w)
        events: list[dict[str, Any]] = []
        roles: dict[tuple[str, str, str | None], dict[str, Any]] = {}
        self._text = art.text
        self._sentences = {s.index: s for s in sents}
        self._sentence_keys = {}
        self._countries_named = {
            m.value
            for m in mentions
            if m.kind == "place" and m.value and m.value.startswith("country-")
        }
        # Offices the article names with their holder, before or after the name: a bare title
        # of one of them elsewhere is that person, not another party.
        apposed = _apposed_titles(art.text, mentions)
        for m in mentions:
            office = m.value or m.name_key
            if m.kind == "title" and m.start in apposed and office and not m.extra.get("former"):
                holder = apposed[m.start]
                self._holders.setdefault(office, (holder.value, holder.name_key))
        # The people an honorific pronoun may stand for, in text order (see `_antecedent`).
        self._named_people = [m for m in mentions if m.kind == "person" and (m.value or m.name_key)]
        self._named_ends = [m.end for m in self._named_people]
        lede_date = self._lede_date(sents, by_sentence)
        for s in sents:
            sent_mentions = by_sentence.get(s.index, [])
            sent_words = words_by_sentence.get(s.index, [])
            keys = [_stem(w)[1] for w in sent_words]
            # A birth date (من مواليد 1415هـ) dates no event of its sentence.
            dates = [
                m
                for m in sent_mentions
                if m.kind == "date" and _dated(m) and not _BORN.search(self._before(art.text, m))
            ]
            found: list[tuple[str, Token]] = []
            talks: list[int] = []
            for n, (w, key) in enumerate(zip(sent_words, keys, strict=True)):
                etype = event_trigger(key)
                if etype in _NOT_THE_EVENT and n and keys[n - 1] in _NOT_THE_EVENT[etype]:
                    continue
                if etype == "military_operation" and n and keys[n - 1] in _CEASE:
                    etype = "ceasefire"  # وقف إطلاق النار
                if (
                    etype is None
                    and n >= 1
                    and keys[n - 1] in _CEASE
                    and key in _HOSTILITIES
                    and n + 1 < len(keys)
                    and keys[n + 1].startswith(_HOSTILE)
                ):
                    etype = "ceasefire"  # وقف الأعمال العدائية
                if etype is None and _TALKS.fullmatch(key) and _WITH & set(keys[n + 1 : n + 12]):
                    etype = "meeting"
                    talks.append(w.start)
                if etype == "forum" and n + 1 < len(keys) and keys[n + 1] in _PRESS:
                    etype = "statement"  # مؤتمر صحفي: a press conference is a statement
                if etype == "call" and _TO_THE_PRESS.match(art.text, w.end):
                    continue  # في اتصال هاتفي لـ«الشرق الأوسط»: the reporter's call, an interview
                if etype is not None and _RECALLED.search(
                    art.text, max(0, s.start - 1, w.start - 60), w.start
                ):
                    # وكانت المنقوش قد زارت تونس الشهر الماضي، سبق أن زار: an earlier event the
                    # news recalls, not the one it reports (the same people, another date).
                    continue
                if etype is None or not trigger_allowed(etype, keys, key):
                    continue
                if any(
                    m.start < w.end and w.start < m.end
                    for m in sent_mentions
                    if m.kind != "agreement" or etype == "statement"
                ):
                    # A trigger word inside a name or a date is no trigger (صحيفة البيان،
                    # إعلان التعاون: a newspaper and a declaration, not statements).
                    continue
                found.append((etype, w))
            if any(t in ("meeting", "call", "visit") and w.start not in talks for t, w in found):
                found = [(t, w) for t, w in found if w.start not in talks]
            self._trigger_starts = [w.start for _, w in found]
            self._previous_mentions = by_sentence.get(s.index - 1, [])
            first_new = len(events)
            for etype, w in found:
                events += self._event(art, etype, w, sent_mentions, dates, s, lede_date)
            sentence_events = [e for e in events[first_new:] if e["date"]]
            as_of = sentence_events[0] if sentence_events else None
            self._roles(sent_mentions, as_of, roles)
        self._date_by_reference(art.text, sents, events)
        # An event needs someone who acts (the data model requires participants); without any
        # it could never be identified across articles.
        merged = [e for e in _merge_events(events) if e["_mentions"] and e["participant_keys"]]
        for event in merged:
            event["status"] = _status_for_date(event["status"], event["date"], art.published)
        claims: list[dict[str, Any]] = []
        for event in merged:
            claims.append(event)
        claims += list(roles.values())
        claims += self._agreement_claims(by_sentence, mentions)
        for n, claim in enumerate(claims, start=1):
            claim["claim_id"] = f"{art.article_id}-c{n:03d}"
        return [self._claim_row(art, c) for c in claims]

    def _date_by_reference(
        self, text: str, sents: list[Sentence], events: list[dict[str, Any]]
    ) -> None:
        """Date undated statements (and talks) by the occasion the text says they were held at.

        - `جاء ذلك خلال زيارة ... يوم الجمعة`: the statements of the sentence before were made
          on the date of this one;
        - `في الجلسة نفسها، ...`، `وخلال اللقاء، ...`: a sentence that opens on a definite
          event noun speaks during the last dated event of that type;
        - `بدوره، أكد ...`، `من جهته ...`: a reply made at the occasion of the statement before;
        - an undated meeting right after a sentence that dates a visit is held during the visit.
        """
        by_sentence: dict[int, list[dict[str, Any]]] = {}
        for e in events:
            by_sentence.setdefault(e["_sentence"], []).append(e)

        def undated_statements(index: int) -> list[dict[str, Any]]:
            return [
                e
                for e in by_sentence.get(index, [])
                if e["event_type"] == "statement" and not e["date"]
            ]

        def give(targets: list[dict[str, Any]], source: dict[str, Any]) -> None:
            for e in targets:
                e["date"], e["date_mention"] = source["date"], source["date_mention"]
                e["_weak_date"] = True
                e["confidence"] = min(e["confidence"], 0.6)

        occasion: tuple[int, dict[str, Any]] | None = None  # (where it was set, the event)
        for s in sents:
            opening = [word_key(w) for w in text[s.start : min(s.end, s.start + 80)].split()[:3]]
            if not opening:
                continue
            if occasion is not None and "\n" in text[occasion[0] : s.start]:
                occasion = None  # an occasion holds to the end of its paragraph
            opening = [w.rstrip("،,") for w in opening]
            first = opening[0].removeprefix("و")
            own_dated = [e for e in by_sentence.get(s.index, []) if e["date"]]
            if first in _CAME and len(opening) > 1 and opening[1] in _THIS:
                if own_dated:
                    give(undated_statements(s.index - 1), own_dated[0])
                continue
            opens_occasion = first in _IN_IT and len(opening) > 1 and opening[1].startswith("ال")
            if not by_sentence.get(s.index) and not opens_occasion:
                continue  # nothing to date here, and no occasion opened
            earlier = [e for e in events if e["_sentence"] < s.index and e["date"]]
            visits = [
                e
                for e in by_sentence.get(s.index - 1, [])
                if e["date"] and e["event_type"] == "visit"
            ]
            if visits:
                # وعقد فخامته اجتماعا مع سموه: talks right after a dated visit are held during it.
                meetings = [
                    e
                    for e in by_sentence.get(s.index, [])
                    if e["event_type"] == "meeting" and not e["date"]
                ]
                give(meetings, visits[-1])
            if opens_occasion:
                noun = opening[1]
                etype = "meeting" if noun in _SESSION else event_trigger(noun)
                same = (
                    [e for e in earlier if e["event_type"] == etype]
                    if etype not in (None, "statement")
                    else []
                )
                if same:
                    occasion = (s.start, same[-1])
            if occasion is not None:
                give(undated_statements(s.index), occasion[1])
            elif opening[0] in _GOES_ON:
                # وقال ...، وأضاف ...: the report of the sentence before goes on.
                before = [e for e in earlier if e["_sentence"] == s.index - 1]
                replies_to = [e for e in before if e["event_type"] == "statement"]
                if replies_to:
                    give(undated_statements(s.index), replies_to[-1])
            elif first in _IN_TURN or " ".join(opening[:2]) in _IN_TURN:
                before = [e for e in earlier if e["_sentence"] >= s.index - 2]
                replies_to = [e for e in before if e["event_type"] == "statement"]
                if replies_to:
                    give(undated_statements(s.index), replies_to[-1])

    def _lede_date(
        self, sents: list[Sentence], by_sentence: dict[int, list[_Mention]]
    ) -> _Mention | None:
        """The first precise date of the first two sentences: news ledes date the main event."""
        for s in sents[:3]:
            for m in by_sentence.get(s.index, []):
                if m.kind == "date" and _dated(m) and m.extra.get("granularity") == "day":
                    return m
        return None

    def _event(
        self,
        art: _Article,
        etype: str,
        trigger: Token,
        mentions: list[_Mention],
        dates: list[_Mention],
        sentence: Sentence,
        lede_date: _Mention | None,
    ) -> list[dict[str, Any]]:
        """The event claims one trigger makes (several for `وقع اتفاقيتين` with two parties)."""
        places = [m for m in mentions if m.kind == "place"]
        agreements = [m for m in mentions if m.kind == "agreement"]
        # Who acts: the people near the trigger, else an office named without its holder
        # (أعلن السفير المغربي), else organisations; failing the trigger's neighbourhood, the
        # sentence, then the previous sentence, whose subject a new sentence often carries on.
        actors: list[_Mention] = []
        # A country right after the verb is its subject (أعلنت كازاخستان، استعادت أذربيجان):
        # it acts, whoever else the sentence names.
        subject = next(
            (
                m
                for m in places
                if m.value
                and _is_country(m.value)
                and 0 < m.start - trigger.end <= 2
                and (etype in _STATE_ACTS or etype == "statement")
            ),
            None,
        )
        subjects = [subject] if subject is not None else []
        for m in places if subject is not None else ():
            # ... and the countries coordinated with it (وقع المغرب وفرنسا، وقعت مصر والأردن).
            if (
                m.start > subjects[-1].end
                and m.value
                and _is_country(m.value)
                and art.text[subjects[-1].end : m.start].strip() in ("و", "،", "،و", ",", ",و")
            ):
                subjects.append(m)
        if not subjects and etype in _STATE_ACTS:
            # A truce or an escalation «بين إسرائيل ولبنان»: the states it is between act.
            subjects = [
                m
                for m in places
                if m.value
                and _is_country(m.value)
                and (
                    art.text[max(0, m.start - 5) : m.start].strip().endswith("بين")
                    or _BETWEEN_AND.search(art.text, max(0, m.start - 40), m.start)
                )
            ]
        if etype == "handover" and subjects:
            # The country that receives is a party too (سلمت تركيا العراق، ... إلى العراق).
            subjects += [
                m
                for m in places
                if m.value
                and _is_country(m.value)
                and m not in subjects
                and not m.extra.get("of_title")
            ]
        pools: tuple[list[_Mention], ...] = (subjects,) if subjects else ()
        if etype == "statement":
            # Who speaks is who follows the verb (وذكّر وزير الخارجية بيراموف نظيره ...):
            # the people the statement names further on are spoken to or of.
            speaker = _subject(trigger, mentions)
            if speaker:
                pools = (speaker,)
        for pool in (
            *pools,
            [m for m in mentions if abs(m.start - trigger.start) <= _ACTOR_WINDOW],
            mentions,
            self._previous_mentions,
        ):
            people = [m for m in pool if m.kind == "person"]
            if people and etype in ("meeting", "visit"):
                # ... and an office met without a holder named (التقى ماكرون بالرئيس المصري،
                # اجتمع مع وزير الخارجية الأردني): its holder is the other party.
                people += [
                    m
                    for m in pool
                    if m.kind == "title"
                    and (m.value or m.name_key)
                    and (m.value or m.name_key) not in self._holders
                    and _met_with(art.text, m)
                ]
            actors = (
                people
                or [m for m in pool if m.kind == "title" and (m.value or m.name_key)]
                or [m for m in pool if m.kind == "organisation"]
                or [m for m in pool if m in subjects]
            )
            if actors:
                break
        antecedent = self._antecedent(art.text, trigger, sentence)
        if antecedent is not None and all(
            (m.value, m.name_key) != (antecedent.value, antecedent.name_key) for m in actors
        ):
            actors = [*actors, antecedent]  # واستقبل سموه الوزير: the prince named before
        pairs = [(m.value, m.name_key) for m in actors]
        if actors and all(m.kind == "title" for m in actors):
            # An office the article also names with its holder: the holder acts.
            pairs = [
                self._holders.get(m.value or m.name_key or "", (m.value, m.name_key))
                for m in actors
            ]
        participants = sorted({v for v, _ in pairs if v})
        unresolved = sorted({k for v, k in pairs if not v and k})
        place = self._place(art.text, places, etype, participants)
        if not actors and etype in _STATE_ACTS:
            participants = sorted(
                {m.value for m in places if m.value and m is not place and _is_country(m.value)}
            )
        date_mention, confidence = self._event_date(art, etype, trigger, dates, sentence, lede_date)
        weak_date = confidence < 0.8  # the lede's date, not one of the event's own sentence
        status = self._status(art, trigger, sentence, date_mention, etype)
        agreement_ids: list[str | None] = [None]
        if etype in ("signing", "ratification", "approval"):
            agreement_ids = self._agreements_for(agreements, participants, self._countries_named)
            agreement_ids = agreement_ids or [None]
        cited = [m for m in (*actors, *agreements) if m.value or m.name_key]
        if place is not None:
            cited.append(place)
        if date_mention is not None:
            cited.append(date_mention)
        if not participants and not unresolved:
            confidence -= 0.3
        out = []
        for agreement in agreement_ids:
            own = participants
            if agreement is not None and etype == "signing":
                parties = next((p for p, ids in self._agreements.items() if agreement in ids), None)
                if parties:
                    own = sorted(parties)  # the parties sign, whoever the sentence names
            out.append(
                {
                    "kind": "event",
                    "event_type": etype,
                    "participants": own,
                    "participant_keys": sorted(set(own) | set(unresolved)),
                    "agreement": agreement,
                    "place": place.value if place is not None else None,
                    "date": _claim_date(date_mention),
                    "date_mention": date_mention,
                    "status": status,
                    "_mentions": list(cited),
                    "_sentence": sentence.index,
                    # الهجوم، التفجير، الزيارة: a definite noun names an event already told.
                    "_definite": _stem(trigger)[1].startswith("ال"),
                    "_weak_date": weak_date,
                    "confidence": round(confidence, 2),
                }
            )
        return out

    def _antecedent(self, text: str, trigger: Token, sentence: Sentence) -> _Mention | None:
        """The person an honorific pronoun right next to the trigger refers to (استقبل سموه،
        أكد معاليه، وقام فخامته): the last person the article named before this sentence."""
        near = text[max(0, trigger.start - 20) : trigger.end + 20]
        if not _HONORIFIC_PRONOUN.search(near):
            return None
        before = bisect.bisect_right(self._named_ends, sentence.start)
        return self._named_people[before - 1] if before else None

    def _event_date(
        self,
        art: _Article,
        etype: str,
        trigger: Token,
        dates: list[_Mention],
        sentence: Sentence,
        lede_date: _Mention | None,
    ) -> tuple[_Mention | None, float]:
        """The date mention that dates an event, and the confidence that leaves.

        The date of its sentence nearest the trigger. A statement is dated only by a date
        outside what it reports: `صرّح ... أنه ... اليوم الجمعة` dates the reported attack, not
        the statement. An undated event of the first sentences takes the lede's date.
        """
        # A sentence is cut where a reported clause opens (أعلن ... أن ...): a date dates the
        # events of its own part first (the statement before أن, the attack after it).
        lo, hi = _segment(art.text, sentence, trigger.start)
        own = [d for d in dates if lo <= d.start < hi]
        # Failing a date of its own part, one of another part (قال إن ... اليوم) may date it,
        # unless that date sits in a clause that reports an event of its own.
        beyond = (
            []
            if own
            else [
                d
                for d in dates
                if not self._clause_has_other_trigger(
                    art.text, sentence.start, sentence.end, d, trigger
                )
            ]
        )
        # Within that, the trigger's own comma clause first (`الذي استعاد ... في عام 2023،` does
        # not date the signing hoped for after the comma).
        c_lo, c_hi = _clause(art.text, lo, hi, trigger.start)
        in_clause = [d for d in own if c_lo <= d.start < c_hi]
        if in_clause:
            own = in_clause
        else:
            # A date of another clause that reports an event of its own (الذي استعادت ... في
            # عام 2023) is that event's date, not this one's.
            own = [
                d for d in own if not self._clause_has_other_trigger(art.text, lo, hi, d, trigger)
            ]

        def before(d: _Mention) -> str:
            return self._before(art.text, d)

        if etype == "statement":
            # A statement is dated only by a date of its own part near its verb (أعلن أمس) or
            # by the date of its document (رسالته المؤرخة في ...), never by the start of what
            # it announces (هدنة اعتباراً من ...).
            candidates = [
                d
                for d in own
                if not _STARTING.search(before(d))
                and (
                    d.start < trigger.start
                    or d.start - trigger.end <= 60
                    or _DATED_BY.search(before(d))
                )
            ]
        else:
            # The date of a document (بتاريخ ...) dates the document, not what it speaks of.
            pool = own or beyond
            documented = [d for d in pool if _DATED_BY.search(before(d))]
            if etype == "decree" and documented:
                # A decree is a document: its own date (الأمر الملكي رقم أ/90 بتاريخ ...) dates it.
                candidates = documented
            else:
                candidates = [d for d in pool if d not in documented]
        date_mention = min(candidates, key=lambda m: abs(m.start - trigger.start), default=None)
        if date_mention is not None:
            return date_mention, 0.8
        if lede_date is not None and sentence.index <= 2 and etype != "statement":
            return lede_date, 0.6
        return None, 0.8

    @staticmethod
    def _before(text: str, d: _Mention) -> str:
        """The normalized words just before a date mention (computed once per mention)."""
        key = d.extra.get("_before")
        if key is None:
            key = d.extra["_before"] = word_key(text[max(0, d.start - 16) : d.start])
        return key

    def _sentence_key(self, text: str, sentence: Sentence) -> str:
        """`word_key` of a whole sentence, computed once per sentence."""
        key = self._sentence_keys.get(sentence.index)
        if key is None:
            key = self._sentence_keys[sentence.index] = word_key(
                text[sentence.start : sentence.end]
            )
        return key

    def _clause_has_other_trigger(
        self, text: str, lo: int, hi: int, date: _Mention, trigger: Token
    ) -> bool:
        c_lo, c_hi = _clause(text, lo, hi, date.start)
        return any(c_lo <= t < c_hi and t != trigger.start for t in self._trigger_starts)

    def _status(
        self,
        art: _Article,
        trigger: Token,
        sentence: Sentence,
        date_mention: _Mention | None,
        etype: str,
    ) -> str:
        """`planned` for what the article places after its publication date or speaks of in
        the future (سيزور، من المقرر، المقبل); `ongoing` for a visit under way (حاليا); else
        `occurred`."""
        date = _claim_date(date_mention)
        published = _interval(art.published) if art.published else None
        when = _interval(date) if date else None
        if when is not None and published is not None:
            if when.start > published.end:
                return "planned"
            if when.end < published.start:
                return "occurred"
            if published.granularity == "day" and trigger.key.lstrip("وف").startswith("ي"):
                return "planned"  # an imperfect verb on the day of publication: يستقبل اليوم
        clause = self._sentence_key(art.text, sentence)
        # A statement is made when it is reported: the future it speaks of (اتفاق يبدأ الاثنين
        # المقبل) is another event's; only its own verb (سيعلن) or date plans it.
        markers = etype != "statement" and FUTURE_MARKERS.search(clause)
        future = bool(markers or FUTURE_VERB.fullmatch(trigger.key))
        if date_mention is not None and date_mention.extra.get("_future"):
            future = True
        if future:
            return "planned"
        if etype == "visit" and ONGOING_MARKERS.search(clause):
            return "ongoing"
        return "occurred"

    def _place(
        self, text: str, places: list[_Mention], etype: str, participants: list[str]
    ) -> _Mention | None:
        """The place the sentence puts the event at.

        Ranked by the word before it (a visit goes إلى a place; other events happen في or ب a
        place; a bare place is the weakest), then cities and places over countries, then text
        order.
        """
        candidates = []
        for m in places:
            if not m.value or m.value in participants or m.extra.get("of_title"):
                continue
            before = m.extra.get("_before8")
            if before is None:
                before = m.extra["_before8"] = word_key(text[max(0, m.start - 8) : m.start])
            words = before.split()
            spaced = before[-1:].isspace()
            prev = words[-1] if words and spaced else ""
            glued = words[-1][-1:] if words and not spaced else ""
            if (
                prev in _NOT_WHERE
                or (prev == "من" and etype == "visit")  # قادما من موسكو: where from
                # هدنة بين إسرائيل و...: the states between which a truce holds are its parties
                or (
                    etype in _STATE_ACTS
                    and _is_country(m.value or "")
                    and (prev == "بين" or _BETWEEN_AND.search(text, max(0, m.start - 40), m.start))
                )
                or (text[m.start - 1 : m.start] in '«"“' and text[m.end : m.end + 1] in '»"”')
                or _dateline(text, m)
            ):
                continue  # led by, against, with, to; a quoted name; where the story was filed
            if prev in ("الي", "لي") or (etype == "visit" and glued == "ل"):
                rank = 0 if etype == "visit" else 2
            elif prev in ("في", "داخل", "قرب", "بمدينه", "بمحافظه"):
                rank = 1 if etype == "visit" else 0
            elif glued == "ب":
                rank = 2 if etype == "visit" else 1
            else:
                rank = 3
            city = not _is_country(m.value)
            candidates.append((rank, not city, m.start, m))
        if not candidates:
            return None
        return min(candidates, key=lambda c: c[:3])[3]

    def _agreement_for(
        self,
        agreements: list[_Mention],
        participants: list[str],
        article_places: set[str] = frozenset(),
    ) -> str | None:
        """The one reference agreement a sentence's agreement mentions name, or None."""
        found = self._agreements_for(agreements, participants, article_places)
        return found[0] if len(found) == 1 else None

    def _agreements_for(
        self,
        agreements: list[_Mention],
        participants: list[str],
        article_places: set[str] = frozenset(),
    ) -> list[str]:
        """The reference agreements a sentence's agreement mentions name.

        By a mention's own value; else the agreements whose parties all appear among the
        participants (or, failing that, among the places the whole article names): all of
        them for a dual or plural noun (اتفاقيتين، الاتفاقيات), else the one that shares the most
        words with the mention.
        """
        valued = sorted({m.value for m in agreements if m.value})
        if valued or not agreements:
            return valued
        plural = any(_PLURAL_AGREEMENT.match(word_key(m.text)) for m in agreements)
        for pool in (set(participants), set(article_places)):
            found = sorted(
                {a for parties, ids in self._agreements.items() if parties <= pool for a in ids}
            )
            if not found:
                continue
            if len(found) == 1 or plural:
                return found
            words = {w for m in agreements for w in _content_words(m.text)}
            ranked = sorted(
                ((len(words & self._agreement_words.get(a, set())), a) for a in found),
                reverse=True,
            )
            if ranked[0][0] > 0 and ranked[0][0] > ranked[1][0]:
                return [ranked[0][1]]
        return []

    def _roles(
        self,
        mentions: list[_Mention],
        as_of: dict[str, Any] | None,
        roles: dict[tuple[str, str, str | None], dict[str, Any]],
    ) -> None:
        """A known title right before a known person, or after it as an apposition: a role.

        The role's date is the date of the event its sentence reports (as of then), else null;
        one role claim per person, office and date.
        """
        text = self._text
        for n, person in enumerate(mentions):
            if person.kind != "person" or not person.value:
                continue
            titles = []
            # Titles right before the name, in a chain (خادم الحرمين الشريفين الملك سلمان).
            edge = person.start
            for k in range(n - 1, -1, -1):
                prev = mentions[k]
                gap = text[prev.end : edge]
                if prev.kind != "title" or len(gap) > 3:
                    break
                if gap.strip(" ").startswith(("،", ",")) and gap.endswith(("و", "ف")):
                    break  # رئيس الاستخبارات العامة، وأحمد قطان: the title ends the item before
                if titles and _relational(prev):
                    titles.pop()  # the title after «سفير» is whose ambassador, not his office
                titles.append(prev)
                edge = prev.start
                if text[max(0, prev.start - 1) : prev.start] in ("و", "ف"):
                    break  # a coordinated item starts here: ووزير الدولة ... الدكتور مساعد
            # Or appositions after it (سامح شكري، وزير الخارجية المصري; محمد بن سلمان ولي ولي
            # العهد النائب الثاني ... وزير الدفاع), up to a title that introduces the next name
            # or a coordinated one (ووزير ...).
            edge = person.end
            for k in range(n + 1, len(mentions)):
                nxt = mentions[k]
                gap = text[edge : nxt.start]
                if nxt.kind != "title" or len(gap) > 3 or gap.strip() not in ("،", ",", ""):
                    break
                if gap.endswith(("و", "ف")):
                    break  # ووزير ...: a coordinated title, another person's
                if titles and _relational(titles[-1]):
                    break  # سفير خادم الحرمين الشريفين: the king is whose ambassador he is
                after = mentions[k + 1] if k + 1 < len(mentions) else None
                between = text[nxt.end : after.start] if after is not None else ""
                if (
                    after is not None
                    and after.kind == "person"
                    and len(between) <= 3
                    and not (between.strip(" ").startswith(("،", ",")) and between.endswith("و"))
                ):
                    break  # the title of the next name in a list (not «...، وأحمد»)
                titles.append(nxt)
                edge = nxt.end
            for title in titles:
                if not title.value or title.extra.get("former"):
                    continue
                date = as_of["date"] if as_of else None
                key = (person.value, title.value, date)
                if key in roles:
                    roles[key]["_mentions"] += [title, person]
                    continue
                roles[key] = {
                    "kind": "role",
                    "person": person.value,
                    "office": title.value,
                    "date": date,
                    "date_mention": as_of["date_mention"] if as_of else None,
                    "_mentions": [title, person],
                    "confidence": 0.9,
                }

    def _agreement_claims(
        self, by_sentence: dict[int, list[_Mention]], mentions: list[_Mention]
    ) -> list[dict[str, Any]]:
        """Agreements the reference knows, with the parties and scopes the article names."""
        out: dict[str, dict[str, Any]] = {}
        countries_named = {
            m.value
            for m in mentions
            if m.kind == "place" and m.value and m.value.startswith("country-")
        }
        for index, sent_mentions in sorted(by_sentence.items()):
            agreements = [m for m in sent_mentions if m.kind == "agreement"]
            if not agreements:
                continue
            parties = sorted(
                {
                    m.value
                    for m in sent_mentions
                    if m.kind == "place" and m.value and m.value.startswith("country-")
                }
            )
            found = self._agreements_for(agreements, parties, countries_named)
            if not found:
                continue
            if len(found) == 1:
                for m in agreements:
                    m.value = m.value or found[0]
            # The scope list may run on for a sentence or two after the agreement's sentence.
            # The scope list may go on after the agreement's sentence: in sentences that refer
            # back to the document (تنص هذه الوثيقة على ...) or in list items (a line that opens
            # with a scope), up to the next agreement.
            following = []
            for later in range(index + 1, index + 9):
                rest = by_sentence.get(later, [])
                sentence = self._sentences.get(later)
                if sentence is None or any(m.kind == "agreement" for m in rest):
                    break
                opens_with_scope = bool(rest) and (
                    rest[0].kind == "scope"
                    and not self._text[sentence.start : rest[0].start].strip(" \t-–•*:")
                )
                if not (opens_with_scope or _refers_to_document(self._text, sentence)):
                    break
                following += rest
            scopes = [m for m in sent_mentions + following if m.kind == "scope" and m.value]
            for agreement in found:
                known = next((p for p, ids in self._agreements.items() if agreement in ids), set())
                own = sorted(set(parties) & set(known)) if len(found) > 1 else parties
                # The parties the article names anywhere (a sentence names one side, the
                # article both).
                own = sorted(set(own) | (set(known) & countries_named))
                claim = out.setdefault(
                    agreement,
                    {
                        "kind": "agreement",
                        "agreement": agreement,
                        "parties": [],
                        "scopes": [],
                        "_mentions": [],
                        "confidence": 0.7,
                    },
                )
                claim["parties"] = sorted(set(claim["parties"]) | set(own))
                claim["scopes"] = sorted(set(claim["scopes"]) | {m.value for m in scopes})
                claim["_mentions"] += [*agreements, *scopes]
        if len(out) == 1:
            # An article about one agreement that sets out a list (المجالات التالية: - ... - ...)
            # lists that agreement's fields, however far from where it names the agreement.
            (claim,) = out.values()
            listed = [
                m
                for index, sent_mentions in by_sentence.items()
                if self._is_list_item(index)
                for m in sent_mentions
                if m.kind == "scope" and m.value
            ]
            claim["scopes"] = sorted(set(claim["scopes"]) | {m.value for m in listed})
            claim["_mentions"] += listed
        for claim in out.values():
            claim["scopes"] = claim["scopes"] or None
        return [c for c in out.values() if c["parties"]]

    def _is_list_item(self, index: int) -> bool:
        """Whether sentence `index` is an item of a list: it opens with a bullet or a number,
        or follows a sentence that announces a list with a colon."""
        sentence = self._sentences.get(index)
        if sentence is None:
            return False
        head = self._text[sentence.start : sentence.end].lstrip()
        if _LIST_ITEM.match(head):
            return True
        before = self._sentences.get(index - 1)
        return before is not None and self._text[before.start : before.end].rstrip().endswith(":")

    # -- rows -----------------------------------------------------------------------------------
    def _mention_row(self, art: _Article, m: _Mention) -> dict[str, Any]:
        row: dict[str, Any] = {
            "mention_id": _mention_id(art.article_id, m),
            "article_id": art.article_id,
            "kind": m.kind,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "value": m.value,
        }
        if m.kind == "date":
            anchor = m.extra.get("_anchor")
            same_as = m.extra.get("_same_as")
            row.update(
                granularity=m.extra.get("granularity"),
                calendar=m.extra.get("calendar"),
                weekday=m.extra.get("weekday"),
                relative=m.extra.get("relative"),
                anchor=_mention_id(art.article_id, anchor)
                if isinstance(anchor, _Mention)
                else anchor,
                same_as=_mention_id(art.article_id, same_as)
                if isinstance(same_as, _Mention)
                else None,
            )
        row["extractor"] = self.name
        row["extractor_version"] = self.version
        return row

    def _claim_row(self, art: _Article, c: dict[str, Any]) -> dict[str, Any]:
        cited = sorted({_mention_id(art.article_id, m) for m in c.pop("_mentions")})
        date_mention = c.get("date_mention")
        row = {"claim_id": c.pop("claim_id"), "article_id": art.article_id}
        row.update({k: v for k, v in c.items() if not k.startswith("_")})
        if isinstance(date_mention, _Mention):
            row["date_mention"] = _mention_id(art.article_id, date_mention)
            cited = sorted(set(cited) | {row["date_mention"]})
        row["mention_ids"] = cited
        row["extractor"] = self.name
        row["extractor_version"] = self.version
        return row


# -- helpers --------------------------------------------------------------------------------------
class _Coverage:
    """Which characters of the text a mention already covers."""

    def __init__(self, size: int) -> None:
        self._taken = bytearray(size + 1)

    def free(self, start: int, end: int) -> bool:
        return not any(self._taken[start:end])

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)


def _mention_id(article_id: str, m: _Mention) -> str:
    return f"{article_id}-m{m.index + 1:03d}"


def _sentence_index(sents: list[Sentence], size: int) -> Any:
    table = [0] * (size + 1)
    for s in sents:
        table[s.start : s.end + 1] = [s.index] * (s.end + 1 - s.start)
    return table.__getitem__


# How much of its sentence an unknown name's row quotes on either side of it: a sentence may
# be a whole article (a list, a text without stops), and a row per name quoting all of it
# grows as names times text.
_CONTEXT_CHARS = 200


def _sentence_text(text: str, sentence: Sentence | None, m: _Mention) -> str:
    """The sentence `m` was met in, cut to `_CONTEXT_CHARS` on either side of it."""
    if sentence is None:
        return ""
    start = max(sentence.start, m.start - _CONTEXT_CHARS)
    end = min(sentence.end, m.end + _CONTEXT_CHARS)
    return text[start:end].strip()


def _stem(word: Token) -> tuple[int, str]:
    """The word's key with one reading of its clitics removed when the bare key is not a trigger."""
    return _stem_of_key(word.key)


@lru_cache(maxsize=1 << 18)
def _stem_of_key(key: str) -> tuple[int, str]:
    if event_trigger(key) or AGREEMENT_NOUNS.fullmatch(key) or ROOT_INITIAL.fullmatch(key):
        return 0, key
    for offset, stem, _restored in split_proclitics(key)[1:]:
        if event_trigger(stem) or AGREEMENT_NOUNS.fullmatch(stem):
            return offset, stem
    return 0, key


def _clitic_offset(word: Token) -> int:
    key = word.key
    if (key.startswith(("و", "ف")) and len(key) > 3) and (
        tuple([key[1:]]) in OFFICE_HEADS or any(h[0] == key[1:] for h in (*OFFICE_HEADS, *RANKS))
    ):
        return 1
    return 0


def _longest(
    words: list[Token], i: int, table: dict[tuple[str, ...], str]
) -> tuple[int, str] | None:
    """The longest entry of `table` starting at word `i` (a leading و/ف allowed)."""
    first = words[i].key
    firsts = _FIRST_WORDS[id(table)]
    candidates = [f for f in (first, first[1:] if first[:1] in ("و", "ف") else None) if f in firsts]
    if not candidates:
        return None
    for size in (4, 3, 2, 1):
        if i + size > len(words):
            continue
        rest = tuple(w.key for w in words[i + 1 : i + size])
        for f in candidates:
            slug = table.get((f, *rest))
            if slug is not None:
                return size, slug
    return None


# First words of the title tables, so that most words are rejected with one set look-up.
_FIRST_WORDS = {id(t): frozenset(k[0] for k in t) for t in (OFFICE_HEADS, RANKS, CONSTRUCT_HEADS)}
_TITLE_FIRSTS = frozenset(
    f"{clitic}{word}"
    for t in (OFFICE_HEADS, RANKS)
    for k in t
    for word in k[:1]
    for clitic in ("", "و", "ف")
)


def _title_at(words: list[Token], i: int) -> tuple[int, str] | None:
    """The office head or rank starting at word `i` (most words: one set look-up)."""
    if words[i].key not in _TITLE_FIRSTS:
        return None
    return _longest(words, i, OFFICE_HEADS) or _longest(words, i, RANKS)


# Kingdoms whose own press calls them «المملكة» (CLDR's extra name for Saudi Arabia).
_KINGDOMS = frozenset(
    {"country-saudi-arabia", "country-jordan", "country-morocco", "country-bahrain"}
)


def _home_names(text: str, words: list[Token], known: list[Match]) -> None:
    """Re-read, in place, two names that depend on whose news it is.

    - «عمان» is Oman, and Amman, Jordan's capital: it is Amman as the dateline (عمان - بترا -)
      or in an article that names Jordan and not Oman otherwise (no value: the reference has
      no Amman, or its own name would have matched).
    - «المملكة» is Saudi Arabia, unless the article names another kingdom (the Moroccan,
      Jordanian or Bahraini press's «المملكة») and not Saudi Arabia.
    """
    bare: list[tuple[Match, str]] = []
    named: set[str] = set()
    for m in known:
        if m.entry.kind != "place" or not m.entry.value:
            continue
        key = words[m.first_token].key
        stem = key[1:] if key[:1] in "وفبل" and key[1:] in ("عمان", "المملكه") else key
        stem = "المملكه" if stem == "لمملكه" else stem  # للمملكة
        if m.first_token == m.last_token and stem in ("عمان", "المملكه"):
            bare.append((m, stem))
        else:
            named.add(m.entry.value)
    if not bare:
        return
    adjectives = _adjective_index()
    for word in words:
        key = word.key[1:] if word.key[:1] in "وف" and word.key[1:3] == "ال" else word.key
        slug = adjectives.get(key.removesuffix("ه")) or adjectives.get(key)
        if slug is not None:
            named.add(f"country-{slug}")
    # Jordan named, or «عمان» as the dateline: every bare «عمان» of the article is Amman.
    amman = "country-jordan" in named or any(
        stem == "عمان" and m.start < 40 and re.match(r"\s*[-–(:]", text[m.end : m.end + 3])
        for m, stem in bare
    )
    for m, stem in bare:
        if stem == "عمان" and m.entry.value == "country-oman":
            before = words[m.first_token - 1].key if m.first_token else ""
            if before != "سلطنه" and "country-oman" not in named and amman:
                m.entry = NameEntry("place", None, m.entry.source, m.entry.entity_type)
        elif stem == "المملكه" and m.entry.value == "country-saudi-arabia":
            others = (named & _KINGDOMS) - {"country-saudi-arabia"}
            if "country-saudi-arabia" not in named and len(others) == 1:
                m.entry = NameEntry("place", others.pop(), m.entry.source, m.entry.entity_type)


def _without_longer_names(text: str, words: list[Token], known: list[Match]) -> list[Match]:
    """Drop one-word known names of people that start a longer name the reference does not
    know (شكري بلعيد is not Sameh Shoukry, هادي العامري not President Hadi)."""
    by_first = {m.first_token: m for m in known}
    return [
        m
        for m in known
        if m.entry.kind != "person"
        or m.first_token != m.last_token
        or _name_end(text, words, m.first_token, by_first, known_start=True) <= m.first_token + 1
    ]


# Institutions of a state, named by the country's adjective after them (الجيش اللبناني،
# السلطات السورية، القوات المسلحة العراقية، وزارة الخارجية القطرية): actors of operations,
# handovers and statements the reference rarely lists.
_INSTITUTIONS = frozenset(
    word_key(w)
    for w in [
        "الجيش",
        "القوات",
        "قوات",
        "السلطات",
        "الحكومة",
        "حكومة",
        "الشرطة",
        "البحرية",
        "الاستخبارات",
        "المخابرات",
        "وزارة",
        "الرئاسة",
        "البرلمان",
        "الطيران",
        "سلاح",
        "المدفعية",
        "الدفاعات",
    ]
)
# Armed groups and forces named by a name of their own, not a country's adjective (قوات فجر
# ليبيا، كتائب الزنتان، ميليشيا الحوثي، حركة الشباب، جيش الإسلام).
_GROUPS = frozenset(
    word_key(w)
    for w in [
        "قوات",
        "كتائب",
        "كتيبة",
        "ميليشيا",
        "ميليشيات",
        "مليشيا",
        "مليشيات",
        "جماعة",
        "حركة",
        "تنظيم",
        "فصائل",
        "فصيل",
        "سرايا",
        "ألوية",
        "جيش",
        "جبهة",
    ]
)
# Verbs that carry an event named by their object (شن الطيران غارات، نفذت القوات هجوما):
# their subject acts in it.
_SUPPORT_VERBS = frozenset(
    word_key(w)
    for w in [
        "شن",
        "شنت",
        "نفذ",
        "نفذت",
        "صد",
        "صدت",
        "أطلق",
        "أطلقت",
        "تبنى",
        "تبنت",
        "خاض",
        "خاضت",
    ]
)


def _institutions(
    text: str, words: list[Token], known: list[Match], taken: _Coverage
) -> list[_Mention]:
    """Organisation mentions for a state institution and its country's adjective as the
    subject right after an event's verb (أعلن الجيش اللبناني، قصفت القوات العراقية), with a
    key of the country and the institution's words (no value: the reference does not know
    it). Elsewhere such a phrase is left to the reference, as curated data has it."""
    adjectives = _adjective_index()
    by_first = {m.first_token: m for m in known}
    # Words of the names the reference knows, places aside (فجر ليبيا holds one).
    covered = {
        t for m in known if m.entry.kind != "place" for t in range(m.first_token, m.last_token + 1)
    }
    out: list[_Mention] = []
    i = 0
    while i < len(words):
        key = words[i].key
        heads = _INSTITUTIONS | _GROUPS
        stem = key[1:] if key[:1] in "وفل" and key[1:] in heads else key
        verb = _stem(words[i - 1])[1] if i else ""
        if stem in _GROUPS and i not in covered and _party_position(text, words, i, by_first):
            # An armed group between whom something happens, or the subject before its verb
            # (بين قوات فجر ليبيا وكتائب الزنتان، قوات فجر ليبيا وكتائب الزنتان تبادلت).
            group = _group_name(text, words, i, by_first, adjectives)
            if group is not None and not covered & set(range(i, group)):
                start, end = words[i].start + (len(key) - len(stem)), words[group - 1].end
                if taken.free(start, end):
                    taken.take(start, end)
                    parts = "-".join(_stem(w)[1] for w in words[i + 1 : group])
                    key_ = f"organisation:{stem}-{parts}"
                    out.append(_unknown_organisation(text, start, end, key_))
                    i = group
                    continue
        if (
            stem not in heads
            or by_first.get(i) is not None
            or not i
            or not _is_joined(text, words[i - 1], words[i])
            or (event_trigger(verb) is None and verb.lstrip("وف") not in _SUPPORT_VERBS)
        ):
            i += 1  # only as the subject right after its verb (أعلن الجيش اللبناني)
            continue
        group = _group_name(text, words, i, by_first, adjectives) if stem in _GROUPS else None
        if group is not None:
            start, end = words[i].start + (len(key) - len(stem)), words[group - 1].end
            if taken.free(start, end):
                taken.take(start, end)
                parts = "-".join(_stem(w)[1] for w in words[i + 1 : group])
                out.append(_unknown_organisation(text, start, end, f"organisation:{stem}-{parts}"))
                i = group
                continue
        j, slug = i + 1, None
        while j < len(words) and j - i <= 4 and _is_joined(text, words[j - 1], words[j]):
            nxt = words[j].key
            if not nxt.startswith("ال") or nxt in STOPWORDS or by_first.get(j) is not None:
                break
            slug = adjectives.get(nxt.removesuffix("ه")) or adjectives.get(nxt)
            j += 1
            if slug is not None:
                break
        start = words[i].start + (len(key) - len(stem))
        end = words[j - 1].end
        if slug is None or not taken.free(start, end):
            i += 1
            continue
        taken.take(start, end)
        parts = "-".join(w.key for w in words[i + 1 : j - 1])
        name_key = f"organisation-{slug}:{stem}" + (f"-{parts}" if parts else "")
        out.append(_Mention("organisation", start, end, text[start:end], None, name_key=name_key))
        i = j
    return out


def _coordinated_names(
    text: str, words: list[Token], by_first: dict[int, Match], taken: _Coverage
) -> list[_Mention]:
    """The names after a dual or plural title (وقع الرئيسان بشار الأسد وإبراهيم رئيسي، الرؤساء
    الثلاثة ميشال عون ونبيه بري وحسان دياب): each an unknown person the reference lacks."""
    out: list[_Mention] = []
    for i, word in enumerate(words):
        if _stem(word)[1] not in _PLURAL_TITLES:
            continue
        k = i + 1
        if k < len(words) and words[k].key in _COUNT_WORDS:
            k += 1
        first = True
        while k < len(words) and _is_joined(text, words[k - 1], words[k], 2):
            known = by_first.get(k)
            if known is not None:
                if known.entry.kind != "person":
                    break
                k = known.last_token + 1  # a known name: the gazetteer's mention
            else:
                key = words[k].key
                conjoined = not first and key[:1] == "و" and len(key) > 2
                if not first and not conjoined:
                    break
                start = words[k].start + (1 if conjoined else 0)
                # The first word of the name without its «و»; the rest as a name goes on.
                bare = key[1:] if conjoined else key
                if bare in STOPWORDS or not _LETTERS_ONLY.fullmatch(bare) or event_trigger(bare):
                    break
                end_k = _name_end(text, words, k, by_first, taken=taken, conjoined=conjoined)
                if end_k - k < 2:
                    break  # one word: a common noun as likely as a name
                end = words[end_k - 1].end
                if not taken.free(start, end):
                    break
                taken.take(start, end)
                name = text[start:end]
                out.append(_Mention("person", start, end, name, None, name_key=person_key(name)))
                k = end_k
            first = False
    return out


# Dual and plural titles whose holders are named after them.
_PLURAL_TITLES = frozenset(
    word_key(w)
    for w in (
        "الرئيسان",
        "الرئيسين",
        "الزعيمان",
        "الزعيمين",
        "الرؤساء",
        "الزعماء",
        "القادة",
        "الوزيران",
        "الوزيرين",
        "الملكان",
        "الأميران",
        "القائدان",
    )
)
_COUNT_WORDS = frozenset(word_key(w) for w in ("الثلاثة", "الثلاث", "الأربعة", "الخمسة"))


def _unknown_organisation(text: str, start: int, end: int, name_key: str) -> _Mention:
    """An organisation mention the reference does not know: no value, a name key of its own."""
    return _Mention("organisation", start, end, text[start:end], None, name_key=name_key)


def _party_position(text: str, words: list[Token], i: int, by_first: dict[int, Match]) -> bool:
    """Whether the group head at word `i` stands where the sides of an event are named: right
    after «بين», coordinated after another group head («وكتائب»), or as the subject before its
    verb («قوات فجر ليبيا وكتائب الزنتان تبادلت»)."""
    if i and words[i - 1].key == _BETWEEN and _is_joined(text, words[i - 1], words[i]):
        return True
    if words[i].key[:1] == "و" and i and _is_joined(text, words[i - 1], words[i]):
        # «وكتائب» after a name: the group it is coordinated with decided already
        return any(_stem(w)[1] in _GROUPS for w in words[max(0, i - 4) : i])
    # The subject before its verb: the word after the name (up to three words), or after a
    # coordinated second group, is an event's verb.
    for j in range(i + 2, min(len(words), i + 9)):
        key = _stem(words[j])[1]
        if event_trigger(key) is not None and not key.startswith("ال"):
            return _is_joined(text, words[j - 1], words[j])
        if not _is_joined(text, words[j - 1], words[j]) or (
            by_first.get(j) is not None and (by_first[j].entry.kind != "place")
        ):
            return False
    return False


_BETWEEN = word_key("بين")


def _group_name(
    text: str, words: list[Token], i: int, by_first: dict[int, Match], adjectives: dict[str, str]
) -> int | None:
    """Where the own name of the armed group or force at word `i` ends (exclusive): one to
    three joined words that are no function word, trigger or country adjective, a known place
    only as the last of two or more (فجر ليبيا); None when a country's adjective or a known
    name follows the head (القوات العراقية، قوات التحالف: the state's or the reference's)."""
    j = i + 1
    while j < len(words) and j - i <= 3 and _is_joined(text, words[j - 1], words[j]):
        key = words[j].key
        if key in STOPWORDS or not _LETTERS_ONLY.fullmatch(key) or event_trigger(key):
            break
        known = by_first.get(j)
        if known is None and (
            words[j].text.endswith(("ها", "هم", "ه")) or (key.endswith("ا") and j > i + 1)
        ):
            break  # مسؤوليتها، هجوما: the verb's object, not the name
        if known is None and j > i + 1 and key[:1] in "بلو" and len(key) >= 4:
            break  # بغارة، لحركة، وكتائب: a preposition's noun or the next item, not the name
        if key in _SUPPORT_VERBS:
            break  # قوات الجيش الوطني صدت: the group's verb after it
        if adjectives.get(key.removesuffix("ه")) or adjectives.get(key):
            return None
        if known is not None:
            if known.entry.kind == "place" and j > i + 1 and known.last_token == j:
                j += 1
            elif j == i + 1:
                return None
            break
        j += 1
    return j if j > i + 1 else None


def _foreign_namesakes(words: list[Token], known: list[Match]) -> None:
    """A known organisation named without its country and followed by another country's
    adjective is that country's namesake, not the known one (وزارة الدفاع الروسية is not
    Azerbaijan's ministry, whatever the reference calls «وزارة الدفاع»): no value, in place."""
    adjectives = _adjective_index()
    for m in known:
        value = m.entry.value
        if m.entry.kind != "organisation" or not value or m.last_token + 1 >= len(words):
            continue
        key = words[m.last_token + 1].key
        slug = key.startswith("ال") and (
            adjectives.get(key.removesuffix("ه")) or adjectives.get(key)
        )
        if slug and f"-{slug.split('-')[0]}" not in value:
            m.entry = NameEntry(m.entry.kind, None, m.entry.source, m.entry.entity_type)
            m.last_token += 1  # the adjective is part of its name
            m.end = words[m.last_token].end


def _adjective_name(words: list[Token], match: Match) -> bool:
    """A one-word name of a known person that is also a country's adjective (التركي: the
    surname of a known spokesman, and «Turkish») is the adjective after a definite noun it
    describes (الجيش التركي) or coordinated with another adjective (الروسي ... والتركي);
    after a verb or a rank it is the person (وأوضح التركي، اللواء التركي)."""
    if match.entry.kind != "person" or match.first_token != match.last_token:
        return False
    key = words[match.first_token].key
    coordinated = key[:1] in "وف" and key[1:3] == "ال"
    if (key[1:] if coordinated else key) not in _adjective_index():
        return False
    if coordinated or not match.first_token:
        return coordinated
    before = words[match.first_token - 1].key
    return before.startswith("ال") and _title_at(words, match.first_token - 1) is None


# Words before a place that make it no venue: بقيادة واشنطن، ضد، مع مصر، لدى المملكة، باسم.
_BETWEEN_AND = re.compile(r"(?:^|\s)بين\s[^،.\n]{1,30}\sو$")
_NOT_WHERE = frozenset(word_key(w) for w in ["بقيادة", "ضد", "مع", "لدى", "باسم", "عن"])


def _dateline(text: str, m: _Mention) -> bool:
    """Whether a place opens the article as its dateline (الرباط - و م ع -، عمان (بترا)):
    where the story was filed, not where what it tells happened."""
    line_start = text.rfind("\n", 0, m.start) + 1
    return (
        # At the start of the first line, or of the line after a headline.
        text[:line_start].count("\n") <= 1
        and line_start < 300
        and not text[line_start : m.start].strip()
        and bool(re.match(r"\s*[-–—ـ(:]", text[m.end : m.end + 3]))
    )


_AGENCY_RE = re.compile(
    r"(?:^|[\n\-–(:])[ \t]*("
    + "|".join(re.escape(a) for names in NEWS_AGENCIES.values() for a in names)
    + r")[ \t]*(?=[\-–):]|\n|$)"
)
_AGENCY_COUNTRY = {a: c for c, names in NEWS_AGENCIES.items() for a in names}


def _agency_country(text: str) -> str | None:
    """The country of the news agency the article's opening names as its source, if any."""
    found = _AGENCY_RE.search(text[:300])
    return _AGENCY_COUNTRY[found.group(1)] if found else None


def _names_a_country(words: list[Token]) -> bool:
    """Whether a title's own words name a country: an adjective, or a whole name (مصر،
    الجمهورية اليمنية; «الجمهورية» alone names none)."""
    adjectives = _adjective_index()
    names = _country_names()
    keys = [w.key for w in words]
    if keys[:2] == ["خادم", "الحرمين"]:
        return True  # the Saudi king's own title: no other country's office
    for n, key in enumerate(keys):
        if adjectives.get(key.removesuffix("ه")) or adjectives.get(key):
            return True
        if any(tuple(keys[n + 1 : n + 1 + len(rest)]) == rest for rest in names.get(key, ())):
            return True
    return False


@lru_cache(maxsize=1)
def _country_names() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Every country name's word keys by its first word: first -> the rest of each name."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for c in countries():
        for name in c.names:
            keys = [word_key(w) for w in name.split()]
            out.setdefault(keys[0], []).append(tuple(keys[1:]))
    return {k: tuple(v) for k, v in out.items()}


def _hamza_initial(word: Token) -> bool:
    """Whether a word that normalizes to ال... is written with a hamza (إلياس، إلهام، ألفت):
    a name's own letters, not the article, which is written with a bare alif."""
    return word.text.startswith(("إل", "أل"))


def _country_after(
    text: str, words: list[Token], j: int, by_first: dict[int, Match]
) -> Match | None:
    """The country named at word `j`, right after an indefinite title word at `j - 1`."""
    named = by_first.get(j)
    if (
        named is None
        or named.entry.kind != "place"
        or not named.entry.value
        or not _is_country(named.entry.value)
        or words[j - 1].key.startswith(("ال", "لل"))
        or not _is_joined(text, words[j - 1], words[j])
    ):
        return None
    return named


def _is_joined(text: str, a: Token, b: Token, limit: int = 1) -> bool:
    """Only spaces (and at most `limit - 1` commas) between two words."""
    gap = text[a.end : b.start]
    return (
        len(gap) <= limit + 1
        and gap.strip(" ،,") == ""
        and gap.count("\n") == 0
        and (limit > 1 or ("،" not in gap and "," not in gap))
    )


def _name_end(
    text: str,
    words: list[Token],
    k: int,
    by_first: dict[int, Match],
    known_start: bool = False,
    taken: _Coverage | None = None,
    conjoined: bool = False,
) -> int:
    """Where a personal name starting at word `k` ends (exclusive), or `k` when none starts.

    A name is a run of letter-only words that are not function words, triggers, titles or
    known names; particles (بن، آل، عبد، أبو، ولد) bind the next word, even a title's
    (ولد الشيخ، آل الشيخ). After two words that are not particles, a third is taken only after
    a particle or when it does not look like a common noun (a feminine ة ending, or a clitic
    before the article: لاحتضان، والتعاون). A name ends where a mention already `taken`
    (a date: ماكرون مساء أمس) begins.
    """
    j, core = k, 0
    while j < len(words) and j - k < _MAX_NAME_WORDS:
        # A name after «و» in a list of names (ونبيه بري) is read without its conjunction.
        key = words[j].key[1:] if conjoined and j == k else words[j].key
        bare = key[1:] if key[:1] in ("و", "ف") and len(key) > 3 else key
        if j > k and not _is_joined(text, words[j - 1], words[j]):
            break
        if taken is not None and not taken.free(words[j].start, words[j].end):
            break
        after_particle = j > k and words[j - 1].key in NAME_PARTICLES
        if (key in STOPWORDS or bare in STOPWORDS or key in _FORMULAS) and not _is_ali(words[j]):
            break
        if j > k and key.startswith("ال") and len(key) > 4 and key[2:] in STOPWORDS:
            break  # جورج بوش الوفد: the definite body a verb takes
        if len(key) < 2 or not _LETTERS_ONLY.fullmatch(key):
            break
        known = by_first.get(j)
        if (
            known is not None
            and not (known_start and j == k)
            and not (after_particle and known.entry.kind == "title")
        ) or event_trigger(key):
            break
        if key.startswith(("وال", "فال", "بال", "لل", "كال")) or (
            key.startswith("ال") and j == k and not _hamza_initial(words[j])
        ):
            break
        if j == k and key[:1] == "و" and len(key) > 3:
            break  # a conjunction, not a name (وأخيه)
        if (key.endswith("يه") and len(key) >= 5) or key.startswith("است"):
            break  # common nouns: أهمية، قضية، استحداث
        if j > k and (
            (key[:1] == "و" and len(key) > 3)
            or (key[:1] == "ل" and len(key) >= 5)
            or (key.startswith("ال") and key.endswith("ات"))
        ):
            break  # وكبير، لزعامة، العلاقات: the name has ended
        if j == k and key[:1] == "ب" and len(key) >= 5:
            break  # a preposition: بأطيب تحياتي
        if (j == k and key[:1] == "ل" and len(key) >= 5) or (
            j > k and key[:1] == "ب" and key not in NAME_PARTICLES and _preposition_b(words, j)
        ):
            break  # a preposition: لمجلس التعاون، فيصل بمكة
        if (key in HONORIFICS or _title_at(words, j)) and not after_particle:
            break
        if j > k and (
            _VERB_LIKE.fullmatch(bare)
            or (key[:1] == "و" and len(key) == 3 and key not in NAME_PARTICLES)
            or words[j].text.startswith(("ستؤ", "سيؤ"))  # ستؤخر: normalizing hides the hamza
        ):
            break  # منصور يخلف، عمر تعلنان، منصور مؤيدا، منصور وجه: the name has ended
        if j == k and (
            (key[:1] in "بلك" and (key[1:] in STOPWORDS or key[1:] in NAME_PARTICLES))
            or (key.endswith("ات") and len(key) >= 6)
        ):
            break  # بأنه، بأم القرى، مستجدات: no name starts so
        if key not in NAME_PARTICLES:
            if (
                core >= 2
                and not after_particle
                and (key.endswith("ه") or key.startswith("ل"))
                and key != _ALLAH  # حسن نصر الله، هيبة الله
            ):
                break
            if (
                core >= 3
                and not after_particle
                and not (
                    # a lineage of definite names (صباح الأحمد الجابر الصباح، ناصر المحمد الأحمد
                    # الصباح): father's, grandfather's and family name
                    core == 3
                    and key.startswith("ال")
                    and all(w.key.startswith("ال") for w in words[j - 2 : j])
                )
            ):
                break
            core += 1
        j += 1
    # A name does not end on a particle (بن, آل).
    while j > k and words[j - 1].key in NAME_PARTICLES:
        j -= 1
    return j


def _met_with(text: str, m: _Mention) -> bool:
    """Whether a mention is the object of «with»: بالرئيس، مع الرئيس، ومع الوزير."""
    before = text[max(0, m.start - 6) : m.start]
    return before.endswith(("ب", "بـ")) or re.search(r"(?:^|\s)و?مع\s+$", before) is not None


def _apposed_titles(text: str, mentions: list[_Mention]) -> dict[int, _Mention]:
    """The titles that follow a person's name in apposition, directly or after another such
    title (محمد بن سلمان ولي ولي العهد، وزير الدفاع), by start: offices of that person."""
    apposed: dict[int, _Mention] = {}
    chain_end: int | None = None
    person: _Mention | None = None
    for m in sorted(mentions, key=lambda m: m.start):
        if m.kind == "person":
            chain_end, person = m.end, m
        elif m.kind == "title" and chain_end is not None and m.start >= chain_end:
            if text[chain_end : m.start].strip(" \t،,و") == "" and person is not None:
                apposed[m.start] = person
                chain_end = m.end
            else:
                chain_end = None
        elif m.start >= (chain_end or 0):
            chain_end = None
    return apposed


# Words after a title's country that still describe the office (a former, the late ...).
_TITLE_MODIFIERS = frozenset(
    word_key(w)
    for w in (
        "السابق",
        "السابقة",
        "الأسبق",
        "الراحل",
        "الراحلة",
        "المخلوع",
        "المؤقت",
        "المكلف",
        "المنتخب",
        "الجديد",
        "الحالي",
    )
)


def _after_modifiers(words: list[Token], j: int) -> int:
    """Past the words at `j` that still describe a title's office (السابق، الراحل)."""
    while j < len(words) and words[j].key in _TITLE_MODIFIERS:
        j += 1
    return j


_FORMER = frozenset(
    word_key(w) for w in ("السابق", "السابقة", "الأسبق", "الراحل", "الراحلة", "المخلوع", "المخلوعة")
)


def _genitive_end(
    text: str, words: list[Token], j: int, by_first: dict[int, Match]
) -> tuple[int, int | None]:
    """The complement of an indefinite title word starting at word `j`: where the title ends
    and, when a known organisation or place ends it, where the name starts after that mention
    (قائد جماعة خراسان ...). An indefinite word with definite ones after it (حقوق الإنسان،
    تحالف الفتح) is left to the caller to take; a territory noun takes its name (إقليم
    كردستان); else one word stands before a name (محافظ نينوى نوفل)."""
    if j >= len(words) or not _is_joined(text, words[j - 1], words[j]):
        return j, None
    known = by_first.get(j)
    if known is not None:
        if known.entry.kind in ("organisation", "place"):
            return j, known.last_token + 1
        return j, None
    key = words[j].key
    if (
        key.startswith("ال")
        or key in STOPWORDS
        or key in HONORIFICS
        or key[:1] == "و"
        or not _LETTERS_ONLY.fullmatch(key)
        or event_trigger(key)
        or _title_at(words, j)
        or j + 1 >= len(words)
        or not _is_joined(text, words[j], words[j + 1])
    ):
        return j, None
    after = by_first.get(j + 1)
    if after is not None and after.entry.kind in ("organisation", "place"):
        return j + 1, after.last_token + 1  # وزير مالية تنظيم القاعدة
    if key in _TERRITORY_NOUNS and _LETTERS_ONLY.fullmatch(words[j + 1].key):
        return j + 2, None  # رئيس إقليم كردستان نيجيرفان: the territory and its name
    nxt = words[j + 1].key
    if nxt.startswith("ال") and nxt not in STOPWORDS:
        return j + 1, None  # حقوق الإنسان: the definite word is the caller's complement
    if _LETTERS_ONLY.fullmatch(nxt) and nxt not in STOPWORDS and not event_trigger(nxt):
        return j + 1, None  # محافظ نينوى نوفل حمادي
    return j, None


def _is_ali(word: Token) -> bool:
    """«علي» written with a final ya is the name Ali (علي العريض، محمد علي), which normalizing
    makes one with the preposition «على», written with alif maqsura."""
    return word.text in ("علي", "وعلي")


def _preposition_b(words: list[Token], j: int) -> bool:
    """Whether word `j`, after a name's first word, is the preposition ب and a noun.

    A name ends there (فيصل بمكة، محمد بحضور الأمير) unless the word is a surname written with
    ب (بوتفليقة، بلينكن، بوقادوم، بري): a preposition's noun is a pronoun-suffixed one
    (بنظيره، بصفته), a م-initial noun of place or action (بمنطقة، بمشاركة), a verbal noun
    (بتنفيذ، بإدارة، باستعادة), a word the vocabulary knows without its ب (بحضور، بزيارة), or is
    in the construct state, followed by the article (بوزارة الخارجية).
    """
    word = words[j]
    key = word.key
    rest = key[1:]
    if len(key) < 4:
        return False  # بري، بوش: too short for a preposition and a noun
    if word.text.endswith(("ه", "ها", "هم")) or rest[:1] in ("م", "ت"):
        return True
    if word.text[1:2] in ("إ", "أ") or rest.startswith(("است", "انت", "اخت", "اعت", "اقت")):
        return True
    if rest in STOPWORDS or rest in NAME_PARTICLES or event_trigger(rest) or rest in _TITLE_FIRSTS:
        return True
    if rest in _B_NOUNS or rest.endswith(("ات", "يه")):
        return True
    following = words[j + 1] if j + 1 < len(words) else None
    return following is not None and (
        (following.key.startswith("ال") and following.key not in STOPWORDS)
        or following.key in NAME_PARTICLES
    )


# Nouns after the preposition ب in news copy that no morphology above tells from a surname.
_B_NOUNS = frozenset(
    word_key(w)
    for w in (
        "حضور",
        "رفقة",
        "صحبة",
        "شأن",
        "خصوص",
        "هدف",
        "دعوة",
        "قيادة",
        "رئاسة",
        "جانب",
        "فضل",
        "سبب",
        "نسبة",
        "اسم",
        "شكل",
        "صورة",
        "وقت",
        "قرب",
        "جوار",
        "دعم",
        "عون",
        "رعاية",
        "طلب",
        "عنوان",
        "صدد",
        "حسب",
        "دون",
        "دلا",
        "نهاية",
        "داية",
        "لاد",
        "لد",
        "لده",
        "يان",
        "واسطة",
        "وصفه",
        "وجود",
        "وضوح",
        "قطاع",
        "دولة",
        "جمهورية",
        "ولاية",
        "وكالة",
        "وزارة",
        "لدة",
        "قرية",
        "جنوب",
        "شمال",
        "شرق",
        "غرب",
        "وسط",
        "سيارة",
        "طائرة",
        "غارة",
        "قصف",
        "ضربة",
    )
)
_LETTERS_ONLY = re.compile(r"[\u0621-\u064a]+")
# Word keys that read as verbs or circumstantial participles, never as a later part of a name:
# future س + imperfect (سيحدث، ستؤخر), the imperfect of derived forms (يتطلع، يستقبل، يعتبر),
# a dual or plural imperfect (تعلنان، يقولون), a three-consonant imperfect (يخلف، يبدو،
# يرعى) and an accusative participle (مؤيدا، مشيرا). Foreign names keep a long vowel early
# (ترامب، تيلرسون، ستيوارت) and Arabic given names a vowel or a final ي (يزيد، يحيى، يسري).
_VERB_LIKE = re.compile(
    r"س[يت][^اوي]\w{2,}"
    r"|[يت](?:ت|ست|[^اوي]ت)[^اوي]\w*"
    r"|[يت][^اوي][^اوي]\w?(?:ان|ون)"
    r"|ي[^اوي][^اوي][^اي]"
    r"|م[^ا]\w{2,}ا"
)
# Nouns of places and institutions named after a titled person (مطار الملك فهد).
_FACILITIES = frozenset(
    word_key(w)
    for w in (
        "مطار",
        "جامعة",
        "مدينة",
        "مستشفى",
        "شارع",
        "قاعدة",
        "جسر",
        "مركز",
        "قصر",
        "ميناء",
        "برج",
        "حي",
        "طريق",
        "مجمع",
        "معهد",
        "كلية",
        "جائزة",
        "مؤسسة",
        "مكتبة",
        "مسجد",
        "جامع",
        "ملعب",
        "استاد",
        "قاعة",
        "دارة",
        "مستشفي",
        "المطار",
        "الجامعة",
    )
)
# Adjectives that end an institution's name (مطار الملك فهد الدولي).
_FACILITY_ADJECTIVES = frozenset(
    word_key(w) for w in ("الدولي", "الدولية", "التخصصي", "العام", "الجامعي", "الإقليمي")
)
# Formulas that follow a name and are never part of it (حفظه الله، رحمه الله).
# «الله» alone is not one of them: it ends حفظه الله only after حفظه has ended the name, and it
# belongs to names such as هيبة الله.
_FORMULAS = frozenset({"حفظه", "رحمه", "يحفظه", "ايده", "يرعاه", "رعاه"})


def _adjective_index() -> dict[str, str]:
    """`المصري` (and the feminine stem) -> the country slug, from `factlint.arabic.countries`."""
    global _ADJECTIVES
    if _ADJECTIVES is None:
        index: dict[str, str] = {}
        for c in countries():
            country_slug = c.entity_id.removeprefix("country-")
            for adj in c.adjectives:
                words = [word_key(w) for w in adj.split()]
                index.setdefault("ال" + words[0], country_slug)
        _ADJECTIVES = index
    return _ADJECTIVES


_ADJECTIVES: dict[str, str] | None = None


# Dual and plural agreement nouns: a sentence that names several agreements at once.
_PLURAL_AGREEMENT = re.compile(
    r"^[وفبل]*(?:ال)?(?:اتفاقيتين|اتفاقيات|اتفاقات|مذكرات|معاهدات|بروتوكولات)"
)


def _segment(text: str, sentence: Sentence, at: int) -> tuple[int, int]:
    """The part of a sentence around offset `at` between reported-clause openers (أن، إن)."""
    lo, hi = sentence.start, sentence.end
    if "ن" not in text[sentence.start : sentence.end]:
        return lo, hi  # no أن/إن at all: the common short sentence
    for match in _REPORTED.finditer(text, sentence.start, sentence.end):
        if match.start() <= at:
            lo = match.start()
        else:
            hi = match.start()
            break
    return lo, hi


# Words by which a sentence goes on about a document named before it (تنص هذه الوثيقة على ...).
_DOCUMENT_REFERENCE = re.compile(
    word_key(
        r"(?<!\w)(?:تنص|ينص|تشمل|يشمل|تتضمن|يتضمن|تغطي|يغطي|الوثيقة|بموجبها|بموجبه|مجالات)(?!\w)"
    )
)


def _refers_to_document(text: str, sentence: Sentence | None) -> bool:
    return sentence is not None and bool(
        _DOCUMENT_REFERENCE.search(word_key(text[sentence.start : sentence.end]))
    )


# Titles that name a relation to someone else (the ambassador, adviser, deputy, envoy of ...):
# a title right after one of them says whose, not the person's own office.
_RELATIONAL = frozenset(
    word_key(w)
    for w in ("سفير", "سفيرة", "مستشار", "مستشارة", "مساعد", "نائب", "مندوب", "ممثل", "مبعوث")
)


# Offices held where they are posted: «سفير ... بالجزائر» is in Algeria, not Algeria's.
_ENVOY_SLUGS = frozenset({"ambassador", "envoy", "counterpart", "adviser", "assistant"})


def _relational(title: _Mention) -> bool:
    words = title.text.split()
    return bool(words) and word_key(words[-1]) in _RELATIONAL


def _clause(text: str, lo: int, hi: int, at: int) -> tuple[int, int]:
    """The comma-delimited clause of `text[lo:hi]` around offset `at`."""
    left = max(text.rfind("،", lo, at), text.rfind(",", lo, at))
    ends = [i for i in (text.find("،", at, hi), text.find(",", at, hi)) if i >= 0]
    return (left + 1 if left >= 0 else lo), (min(ends) if ends else hi)


# Nouns of office no title table starts with, which follow a courtesy word as often as a
# name does (معالي أمين العاصمة، سعادة مدير الجامعة، سعادة وكيل الوزارة).
_OFFICE_NOUNS = frozenset(
    word_key(w)
    for w in [
        "أمين",
        "مدير",
        "مديرة",
        "وكيل",
        "عميد",
        "مسؤول",
        "مسؤولة",
        "مندوب",
        "قنصل",
        "عضو",
        "رئيسة",
    ]
)
_COURTESY = tuple(
    tuple(word_key(w) for w in phrase.split())
    for phrase in (
        "صاحب السمو الملكي",
        "صاحب السمو",
        "صاحب الجلالة",
        "فخامة",
        "معالي",
        "سمو",
        "سعادة",
        "جلالة",
        "سماحة",
        "السيد",
        "الأستاذ",
    )
)


_COURTESY_FIRST = frozenset(phrase[0] for phrase in _COURTESY)
_SAYYID = word_key("السيد")
# Honorifics with a pronoun: «his highness, his excellency» stand for a person named before.
_HONORIFIC_PRONOUN = re.compile(
    r"(?<!\w)(?:سموه|معاليه|فخامته|جلالته|سعادته|دولته|سماحته|سيادته)(?!\w)"
)
_RANK_SLUGS = frozenset(RANKS.values())
_ALLAH = word_key("الله")
# Offices of a body, named after them with ل (الأمين العام لحزب الله، الناطق الرسمي لحركة ...).
_OF_A_BODY = frozenset({"secretary-general", "spokesperson", "security-spokesperson"})
# Nouns of a territory that take a name (إقليم كردستان، ولاية الخرطوم): a two-word genitive.
_TERRITORY_NOUNS = frozenset(
    word_key(w)
    for w in ("إقليم", "محافظة", "ولاية", "منطقة", "مدينة", "مقاطعة", "إمارة", "بلدية", "قضاء")
)


def _courtesy_at(words: list[Token], i: int) -> int:
    """How many words of a courtesy phrase start at word `i` (0 when none)."""
    for phrase in _COURTESY:
        n = len(phrase)
        if i + n <= len(words) and all(
            _stem(words[i + k])[1] == phrase[k] if k == 0 else words[i + k].key == phrase[k]
            for k in range(n)
        ):
            return n
    return 0


def _owned(words: list[Token], i: int) -> bool:
    """Whether word `i` is an honorific or a noun with a pronoun suffix (فخامته، سموه، الجانبان):
    the subject of a verb, never the complement of a contract."""
    if i >= len(words):
        return False
    key = words[i].key
    return key in HONORIFICS or key.endswith(("ته", "مو")) or key.startswith("الجانب")


def _subject(trigger: Token, mentions: list[_Mention]) -> list[_Mention]:
    """The title and/or person right after a verb: its subject in Arabic's verb-first order."""
    chain: list[_Mention] = []
    at = trigger.end
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < at:
            continue
        if m.start - at > 3 or m.kind not in ("title", "person"):
            break
        chain.append(m)
        at = m.end
        if m.kind == "person":
            break
    return chain


def _is_country(entity_id: str) -> bool:
    return entity_id.startswith("country-")


def _content_words(text: str) -> set[str]:
    """Normalized words without the article, for comparing agreement names (تعاون = التعاون)."""
    out = set()
    for w in text.split():
        key = word_key(w)
        for prefix in ("لل", "وال", "بال", "ال", "ل"):
            if key.startswith(prefix) and len(key) - len(prefix) >= 3:
                key = key[len(prefix) :]
                break
        if len(key) >= 3 and not AGREEMENT_NOUNS.fullmatch(key):
            out.add(key)
    return out


@lru_cache(maxsize=1 << 14)
def _interval(value: str) -> Interval | None:
    """`parse_timex`, cached: an article set repeats a few hundred date values."""
    return parse_timex(value)


def _status_for_date(status: str, date: str | None, published: str | None) -> str:
    """A merged event's status agrees with its date: after publication it is planned, before
    it occurred (an ongoing visit stays ongoing)."""
    when = _interval(date) if date else None
    issued = _interval(published) if published else None
    if when is None or issued is None or status == "ongoing":
        return status
    if when.start > issued.end:
        return "planned"
    if when.end < issued.start:
        return "occurred"
    return status


def _dated(m: _Mention) -> bool:
    return m.value is not None and m.value not in _VAGUE


def _claim_date(m: _Mention | None) -> str | None:
    """A claim's date is Gregorian: a Hijri mention's converted value."""
    if m is None:
        return None
    value = m.extra.get("_gregorian")
    if value is None and m.extra.get("calendar") != "hijri":
        value = m.value if m.value not in _VAGUE else None
    return value if value is not None and _interval(value) is not None else None


# Event types an article rarely reports twice: two triggers of one type are one event unless
# their dates differ (a truce, a strike, a royal order, a departure).
_SINGULAR = frozenset({"ceasefire", "decree", "departure", "signing", "escalation", "handover"})


# Types one article reports several of on one day with different actors (the attack and the
# response to it): equal dates alone do not make them one.
_MANY_A_DAY = frozenset({"military_operation", "statement"})


def _merge_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Triggers of one event (`وقع ... مراسم التوقيع`) become one claim.

    Two event claims of one type in one article merge when their participants overlap (or one
    has none, or the type is one an article rarely reports twice) and their dates are
    compatible: equal, one missing, one within the other (مطلع يوليو and 8 July: the day is
    kept), or one taken only from the lede while the other has its own date (the lede's date
    yields).
    """
    merged: list[dict[str, Any]] = []
    for event in events:
        if event.get("_definite") and not event["date"]:
            # An undated definite noun (وحول حادثة التفجير) refers back to the last event of its
            # type the article told, whoever its sentence names.
            earlier = [m for m in merged if m["event_type"] == event["event_type"]]
            if earlier and event["event_type"] not in _MANY_A_DAY:
                told = earlier[-1]
                if not told["participant_keys"]:  # who took part may be said only later
                    told["participants"] = event["participants"]
                    told["participant_keys"] = event["participant_keys"]
                told["place"] = told["place"] or event["place"]
                told["_mentions"] += event["_mentions"]
                continue
        for other in merged:
            if other["event_type"] != event["event_type"]:
                continue
            a, b = set(other["participant_keys"]), set(event["participant_keys"])
            disjoint = bool(a and b and not (a & b))
            if (
                other["agreement"]
                and event["agreement"]
                and other["agreement"] != event["agreement"]
            ):
                continue  # two agreements signed together are two signings
            dates = _date_relation(other, event)
            if dates is None:
                continue
            same_day = dates == "equal" and bool(other["date"])
            bare = not (event["date"] or event["place"]) or not (other["date"] or other["place"])
            separate = not same_day or event["event_type"] in _MANY_A_DAY
            if disjoint and not bare and event["event_type"] not in _SINGULAR and separate:
                continue
            if event["event_type"] == "statement" and disjoint:
                continue  # two speakers, two statements
            if not disjoint:
                other["participants"] = sorted(
                    set(other["participants"]) | set(event["participants"])
                )
                other["participant_keys"] = sorted(a | b)
            if other["status"] != event["status"] and "occurred" in (
                other["status"],
                event["status"],
            ):
                other["status"] = "occurred"
            if dates == "second":
                other["date"], other["date_mention"] = event["date"], event["date_mention"]
                other["_weak_date"] = event.get("_weak_date", False)
            elif dates == "equal" and other["date"]:
                # The lede's date confirmed by an event's own sentence is no longer weak.
                other["_weak_date"] = other.get("_weak_date", False) and event.get(
                    "_weak_date", False
                )
            if not other["place"] or (
                event["place"] and _is_country(other["place"]) and not _is_country(event["place"])
            ):
                other["place"] = event["place"]  # the most specific place
            other["agreement"] = other["agreement"] or event["agreement"]
            other["_mentions"] += event["_mentions"]
            other["confidence"] = max(other["confidence"], event["confidence"])
            if event["agreement"] is None:
                # `جرت مراسم التوقيع، الأربعاء ...` dates every signing of the sentence before.
                for sibling in merged:
                    if (
                        sibling is not other
                        and sibling["event_type"] == event["event_type"]
                        and sibling["_sentence"] == other["_sentence"]
                        and not sibling["date"]
                    ):
                        sibling["date"], sibling["date_mention"] = (
                            other["date"],
                            other["date_mention"],
                        )
                        sibling["_mentions"] += event["_mentions"]
                        if not sibling["place"] or _is_country(sibling["place"]):
                            sibling["place"] = other["place"]
            break
        else:
            merged.append(event)
    return merged


def _date_relation(first: dict[str, Any], second: dict[str, Any]) -> str | None:
    """Whether two events' dates allow a merge, and whose date the merged event keeps.

    `equal` (same or both missing), `first` or `second` (the one to keep), None (they differ).
    """
    a, b = first["date"], second["date"]
    if a == b:
        return "equal"
    if not b:
        return "first"
    if not a:
        return "second"
    if first.get("_weak_date") and not second.get("_weak_date"):
        return "second"
    if second.get("_weak_date") and not first.get("_weak_date"):
        return "first"
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return None
    if ia.contains(ib):
        return "second"
    if ib.contains(ia):
        return "first"
    return None
