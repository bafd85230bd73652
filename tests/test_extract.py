"""`factlint extract`, extraction inside `check`, the extractor interface and `factlint eval`."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import shutil
from importlib.metadata import EntryPoint
from pathlib import Path

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint.dataset import load_dataset
from factlint.extract import extract_dataset, load_extractor, records_of_record
from factlint.extract.builtin import BuiltinExtractor
from factlint.layout import CLAIMS, MENTIONS

from dataset_factory import check_cli
from dataset_factory import run_cli as run

ROOT = Path(__file__).resolve().parents[1] / "datasets"
SEEDS = [f"seed-00{i}" for i in range(5)]


def check(data: Path, out: Path, capsys, *extra: str) -> tuple[int, list[dict], str]:
    """`factlint check` on `data` without GX; the exit code, the findings and stdout."""
    code, stdout, _ = check_cli(data, out, capsys, *extra)
    document = json.loads((out / "findings.json").read_text("utf-8"))
    return code, document["findings"], stdout


def copy_dataset(dest: Path, articles: list[str], with_claims: bool) -> Path:
    """A copy of the dataset of record restricted to `articles`, with or without their claims."""
    (dest / "articles").mkdir(parents=True)
    (dest / "claims").mkdir()
    shutil.copytree(ROOT / "reference", dest / "reference")
    rows = list(csv.DictReader(io.StringIO((ROOT / "articles.csv").read_text("utf-8"))))
    kept = [r for r in rows if r["article_id"] in articles]
    with open(dest / "articles.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    for article_id in articles:
        shutil.copy(ROOT / "articles" / f"{article_id}.txt", dest / "articles")
        if with_claims:
            for suffix in ("mentions", "claims"):
                src = ROOT / "claims" / f"{article_id}.{suffix}.jsonl"
                if src.exists():
                    shutil.copy(src, dest / "claims")
    return dest


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def seed_extraction():
    dataset = load_dataset(ROOT)
    return extract_dataset(dataset, load_extractor(), SEEDS)


def test_extracted_rows_conform_to_the_table_specs(seed_extraction):
    assert seed_extraction.mentions.schema == pl.Schema(MENTIONS.columns)
    assert seed_extraction.claims.schema == pl.Schema(CLAIMS.columns)
    assert seed_extraction.mentions.height > 50
    assert seed_extraction.claims.height > 5
    for frame in (seed_extraction.mentions, seed_extraction.claims):
        assert frame.get_column("extractor").unique().to_list() == ["factlint-rules"]
        assert frame.get_column("extractor_version").null_count() == 0


def test_mention_offsets_slice_the_article_text(seed_extraction):
    texts = dict(load_dataset(ROOT).frame("articles").select("article_id", "text").iter_rows())
    for row in seed_extraction.mentions.iter_rows(named=True):
        assert texts[row["article_id"]][row["start"] : row["end"]] == row["text"]


def test_claims_cite_mentions_of_their_own_article(seed_extraction):
    ids = set(seed_extraction.mentions.get_column("mention_id"))
    for row in seed_extraction.claims.iter_rows(named=True):
        assert row["mention_ids"], row
        assert set(row["mention_ids"]) <= ids
        assert all(m.startswith(row["article_id"] + "-") for m in row["mention_ids"])


def test_extract_writes_beside_curated_files_and_reruns_byte_identical(tmp_path, capsys):
    data = copy_dataset(tmp_path / "d", SEEDS, with_claims=True)
    curated = digest(data / "claims")
    code, out, _ = run(["extract", "--datasets", str(data), "-q"], capsys)
    assert code == 0, out
    files = sorted(p.name for p in (data / "extracted").iterdir())
    assert files == sorted(f"{a}.{s}.jsonl" for a in SEEDS for s in ("mentions", "claims"))
    assert digest(data / "claims") == curated
    first = digest(data / "extracted")
    code, out, _ = run(["extract", "--datasets", str(data), "-q"], capsys)
    assert code == 0
    assert digest(data / "extracted") == first
    assert "0 file(s) written" in out


def test_extract_one_article_leaves_the_others(tmp_path, capsys):
    data = copy_dataset(tmp_path / "d", SEEDS, with_claims=False)
    code, _, _ = run(["extract", "--datasets", str(data), "--article", "seed-002", "-q"], capsys)
    assert code == 0
    assert sorted(p.name for p in (data / "extracted").iterdir()) == [
        "seed-002.claims.jsonl",
        "seed-002.mentions.jsonl",
    ]


def test_extract_unknown_article_is_a_usage_error(tmp_path, capsys):
    data = copy_dataset(tmp_path / "d", ["seed-002"], with_claims=False)
    code, _, err = run(["extract", "--datasets", str(data), "--article", "nope-1"], capsys)
    assert code == 2
    assert "nope-1" in err


def test_check_extracts_articles_without_claims_in_memory(tmp_path, capsys):
    data = copy_dataset(tmp_path / "d", SEEDS, with_claims=False)
    before = digest(data)
    code, findings, _ = check(data, tmp_path / "o", capsys, "-q")
    assert code in (0, 1)
    assert digest(data) == before  # nothing written into the dataset
    # Extracted claims went through the same rules: a rule that reads claims saw some.
    assert not [f for f in findings if f["code"] in ("FL009",)]
    dataset, counts = records_of_record(load_dataset(data))
    assert counts == {"curated": 0, "extracted_files": 0, "extracted_now": 5}
    assert dataset.frame("claims").height > 5


def test_a_dataset_without_claims_folder_is_checked_from_extraction(tmp_path, capsys):
    data = copy_dataset(tmp_path / "d", SEEDS, with_claims=False)
    (data / "claims").rmdir()
    dataset, counts = records_of_record(load_dataset(data))
    assert counts["extracted_now"] == 5
    assert not {"mentions", "claims"} & set(dataset.missing_tables)
    code, findings, _ = check(data, tmp_path / "o", capsys, "-q")
    assert not [f for f in findings if f["code"] == "FL010"]
    assert code == 0


def test_articles_that_yield_no_claim_fail_once_and_say_so(tmp_path, capsys):
    """A dataset whose only article is a weather report: the extractor reads it and finds no
    claim. The rules run on the empty tables (no FL010 per rule about a missing table) and one
    FL010 says there was nothing to check, so the run does not pass."""
    data = copy_dataset(tmp_path / "d", [], with_claims=False)
    text = "الطقس اليوم معتدل في معظم المناطق مع رياح خفيفة.\n".encode()
    (data / "articles" / "w-1.txt").write_bytes(text)
    with open(data / "articles.csv", "a", encoding="utf-8") as f:
        f.write(f"w-1,طقس,x,,ar,2020-01-01,{hashlib.sha256(text).hexdigest()}\n")
    code, findings, _ = check(data, tmp_path / "o", capsys, "-q")
    cannot_run = [f["message"] for f in findings if f["code"] == "FL010"]
    assert cannot_run == [
        "claims: no claim to check: the extractor read 1 article(s) and found no claim in any "
        "(w-1); curate claims for them or check the texts"
    ]
    assert code == 1


def test_no_extract_leaves_articles_unchecked(tmp_path):
    data = copy_dataset(tmp_path / "d", SEEDS, with_claims=False)
    dataset, counts = records_of_record(load_dataset(data), extract_missing=False)
    assert counts["extracted_now"] == 0
    assert dataset.frame("claims").height == 0


def test_curated_rows_stay_the_rows_of_record(tmp_path, capsys):
    data = copy_dataset(tmp_path / "d", SEEDS, with_claims=True)
    run(["extract", "--datasets", str(data), "-q"], capsys)
    dataset, counts = records_of_record(load_dataset(data))
    assert counts == {"curated": 5, "extracted_files": 0, "extracted_now": 0}
    assert set(dataset.frame("claims").get_column("extractor")) == {"curated"}


def test_stored_extracted_rows_are_used_where_nothing_is_curated(tmp_path, capsys):
    data = copy_dataset(tmp_path / "d", SEEDS, with_claims=False)
    run(["extract", "--datasets", str(data), "-q"], capsys)
    dataset, counts = records_of_record(load_dataset(data))
    assert counts == {"curated": 0, "extracted_files": 5, "extracted_now": 0}
    assert set(dataset.frame("claims").get_column("extractor")) == {"factlint-rules"}


def test_extract_then_check_on_the_seeds_finds_the_curated_findings(tmp_path, capsys):
    """The seeds' real issues (FL107 x5, FL201, FL202, FL301) come out the same whether the
    claims are curated or extracted, and the extracted rows raise no schema error."""
    found = {}
    for label, with_claims in (("curated", True), ("extracted", False)):
        data = copy_dataset(tmp_path / label, SEEDS, with_claims=with_claims)
        out = tmp_path / f"{label}-out"
        _, findings, _ = check(data, out, capsys, "-q")
        found[label] = sorted((f["code"], tuple(f["article_ids"])) for f in findings)
    assert found["extracted"] == found["curated"]
    assert {code for code, _ in found["curated"]} == {"FL107", "FL201", "FL202", "FL301"}


C09 = ["snn-c09-aljazirah-1", "snn-c09-alriyadh-1", "snn-c09-alwatan-1", "snn-c09-aawsat-1"]


def test_changed_signing_date_in_an_uncurated_article_is_reported(tmp_path, capsys):
    """Four outlets date the Saudi-Namibian protocol signing «الثلاثاء الماضي» (28 July 2015).
    A copy where Al-Watan says 19 July instead, with its claims removed, conflicts with the
    three curated reports, and `check` alone (extracting in memory) reports it."""
    data = copy_dataset(tmp_path / "d", C09, with_claims=True)
    path = data / "articles" / "snn-c09-alwatan-1.txt"
    text = path.read_text("utf-8")
    assert text.count("الثلاثاء الماضي") == 1
    path.write_text(text.replace("الثلاثاء الماضي", "الأحد 19 يوليو 2015"), "utf-8")
    _refresh_sha(data, "snn-c09-alwatan-1")
    for suffix in ("mentions", "claims"):
        (data / "claims" / f"snn-c09-alwatan-1.{suffix}.jsonl").unlink()
    code, findings, out = check(data, tmp_path / "o", capsys)
    conflicts = [f for f in findings if f["code"] == "FL101"]
    assert conflicts, out
    assert any("snn-c09-alwatan-1" in f["article_ids"] for f in conflicts)
    assert code == 1


def _refresh_sha(data: Path, article_id: str) -> None:
    path = data / "articles.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    for row in rows:
        if row["article_id"] == article_id:
            text = (data / "articles" / f"{article_id}.txt").read_bytes()
            row["sha256"] = hashlib.sha256(text).hexdigest()
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


class _EchoExtractor:
    """A plug-in extractor: one mention per article (its first word), no claims."""

    name = "echo"
    version = "9.9"

    def prepare(self, reference):
        self.prepared = sorted(reference)

    def extract(self, article_id, text, published):
        end = text.index(" ")
        mention = {
            "mention_id": f"{article_id}-e001",
            "kind": "place",
            "start": 0,
            "end": end,
            "text": text[:end],
            "value": None,
        }
        return [mention], [], []


def test_a_plugin_extractor_is_found_by_entry_point_and_checked_the_same_way(tmp_path, monkeypatch):
    point = EntryPoint(name="echo", value=f"{__name__}:_EchoExtractor", group="factlint.extractors")
    monkeypatch.setattr("factlint.extract.entry_points", lambda group: [point])
    extractor = load_extractor("echo")
    data = copy_dataset(tmp_path / "d", ["seed-002"], with_claims=False)
    extraction = extract_dataset(load_dataset(data), extractor)
    assert extraction.extractor == "echo"
    row = extraction.mentions.row(0, named=True)
    assert row["extractor"] == "echo" and row["extractor_version"] == "9.9"
    assert extraction.mentions.schema == pl.Schema(MENTIONS.columns)


def test_unknown_extractor_is_a_usage_error(tmp_path, capsys):
    data = copy_dataset(tmp_path / "d", ["seed-002"], with_claims=False)
    code, _, err = run(["extract", "--datasets", str(data), "--extractor", "nope"], capsys)
    assert code == 2
    assert "unknown extractor 'nope'" in err


def test_eval_reports_scores_and_lists_rows(tmp_path, capsys):
    data = copy_dataset(tmp_path / "d", SEEDS, with_claims=True)
    report = tmp_path / "eval.json"
    code, out, _ = run(["eval", "--datasets", str(data), "--output", str(report)], capsys)
    assert code == 0
    assert "mentions.date" in out and "claims.event" in out
    result = json.loads(report.read_text("utf-8"))
    assert result["articles"] == SEEDS
    date = result["scores"]["mentions.date"]
    assert date["tp"] + date["fn"] == 24  # the curated seed date mentions
    for row in date["misses"] + date["false_alarms"]:
        assert {"article_id", "start", "end", "text", "value"} <= set(row)


def test_eval_without_curated_rows_is_a_usage_error(tmp_path, capsys):
    data = copy_dataset(tmp_path / "d", ["seed-002"], with_claims=False)
    code, _, err = run(["eval", "--datasets", str(data)], capsys)
    assert code == 2
    assert "no curated" in err


@pytest.fixture(scope="module")
def prepared() -> BuiltinExtractor:
    extractor = BuiltinExtractor()
    extractor.prepare(dict(load_dataset(ROOT).frames))
    return extractor


_PIECES = [
    *"ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآةىؤئ ٠١٢٣٤٥٦٧٨٩0123456789/،.-()\n",
    "وزير الخارجية ",
    "الرئيس ",
    "زار ",
    "وقع ",
    "اتفاقية ",
    "أمس ",
    "يوليو ",
    "المغرب ",
]
# Text made of letters, digits, punctuation and words the extractor reacts to.
_ARABIC = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_ARABIC, published=st.sampled_from([None, "2015-07-24", "2015-07", "2015"]))
def test_extractor_never_crashes_and_offsets_slice_the_text(prepared, text, published):
    mentions, claims, _unknown = prepared.extract("art-1", text, published)
    ids = {m["mention_id"] for m in mentions}
    spans = []
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["text"]
        assert m["text"]
        spans.append((m["start"], m["end"]))
    spans.sort()
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    for c in claims:
        assert set(c["mention_ids"]) <= ids


def test_unknown_titled_people_get_a_name_key_shared_by_their_spellings(prepared):
    text_a = "وصل وزير الدفاع البوليفي خوان غارسيا إلى الرياض أمس."
    text_b = "وصل وزير الدفاع البوليفي خوان جارسيا إلى الرياض أمس."
    keys = []
    for text in (text_a, text_b):
        mentions, _, unknown = prepared.extract("art-1", text, "2015-07-24")
        people = [m for m in mentions if m["kind"] == "person"]
        assert [p["text"] for p in people] in (["خوان غارسيا"], ["خوان جارسيا"])
        assert people[0]["value"] is None
        keys.append([u["name_key"] for u in unknown if u["kind"] == "person"])
    assert keys[0] == keys[1] and keys[0]


def test_news_outside_the_reference_tables_is_extracted_and_checked(tmp_path, capsys):
    """A visit between people and places the reference does not know: the country comes from
    CLDR (no dangling reference), the visitor is an unknown person with a name key."""
    data = copy_dataset(tmp_path / "d", ["seed-002"], with_claims=False)
    text = (
        "وزير الخارجية البوليفي يزور بيرو\n"
        "وصل وزير الخارجية البوليفي خوان غارسيا إلى ليما أمس في زيارة رسمية إلى بيرو."
    )
    (data / "articles" / "x-1.txt").write_text(text, "utf-8")
    with open(data / "articles.csv", "a", encoding="utf-8") as f:
        sha = hashlib.sha256(text.encode()).hexdigest()
        f.write(f"x-1,,,,ar,2015-08-10,{sha}\n")
    code, findings, _ = check(data, tmp_path / "o", capsys, "-q")
    assert code in (0, 1)
    assert not [f for f in findings if f["code"] in ("FL001", "FL004", "FL009")]
    dataset, _ = records_of_record(load_dataset(data))
    visit = dataset.frame("claims").filter(pl.col("article_id") == "x-1").row(0, named=True)
    assert visit["event_type"] == "visit"
    assert visit["place"] == "city-lima"  # CLDR's city, more precise than the country
    assert visit["date"] == "2015-08-09"
    assert visit["participant_keys"] == ["خوانجارسيا"]
    assert {"country-peru", "city-lima"} <= set(dataset.frame("entities").get_column("entity_id"))


_EVENT_CASES = yaml.safe_load(
    (Path(__file__).parent / "extract_event_cases.yml").read_text("utf-8")
)


@pytest.mark.parametrize("case", _EVENT_CASES, ids=[c["name"] for c in _EVENT_CASES])
def test_event_cases(prepared, case):
    _, claims, _ = prepared.extract("case-1", case["text"], case.get("published"))
    events = [c for c in claims if c["kind"] == "event"]

    def matches(claim: dict, want: dict) -> bool:
        return all(claim.get(k) == v for k, v in want.items())

    for want in case["events"]:
        assert any(matches(e, want) for e in events), (want, events)
    for unwanted in case.get("absent", []):
        assert not any(matches(e, unwanted) for e in events), (unwanted, events)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وقال إن الملا منصور يخلف في زعامة الحركة.", "منصور"),
        ("وأضاف الملا عمر تعلنان الحداد ثلاثة أيام.", "عمر"),
        ("ورأى الملا منصور مؤيدا قرار المجلس.", "منصور"),
        ("وقال الرئيس باراك أوباما يتطلع إلى لقاء القادة.", None),
        ("وقال إن الملا عمر ستؤخر وفاته الإعلان.", "عمر"),
        ("وعينت الحركة نائبا له هو الملا هيبة الله في المنصب.", "هيبة الله"),
        ("واستقبل الرئيس الأمريكي دونالد ترامب في البيت الأبيض الوفد.", "دونالد ترامب"),
        ("وقال الأمير تركي الفيصل إن الوفد وصل.", "تركي الفيصل"),
        ("وقال الأمير يزيد بن محمد إن الوفد وصل.", "يزيد بن محمد"),
    ],
)
def test_a_name_ends_where_a_verb_begins(prepared, text, name):
    """Verbs and participles after a name are not part of it; foreign names with an early long
    vowel (ترامب) and Arabic given names (يزيد) are."""
    mentions, _, _ = prepared.extract("art-1", text, "2015-07-24")
    people = [m["text"] for m in mentions if m["kind"] == "person" and m["value"] is None]
    assert people == ([name] if name else []), people


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("وأوضح رئيس فريق العمل بالمجلس المهندس سعد العتيبي أن الخطة جاهزة.", ["سعد العتيبي"]),
        ("وقال رئيس وفد الشركة إن الزيارة ناجحة.", []),
        ("وعقد الوزير اجتماعا مع نظيره بحثا خلاله أوجه التعاون بين البلدين.", []),
        ("والتقى الأمير الضيف وبحثا سبل تعزيز العلاقات.", []),
    ],
)
def test_a_body_or_a_topic_after_a_title_is_no_name(prepared, text, names):
    """The noun a title or a verb of talks takes («رئيس فريق العمل», «رئيس وفد الشركة»,
    «بحثا خلاله أوجه التعاون») names a body or a topic, not an unknown person."""
    mentions, _, _ = prepared.extract("art-1", text, "2015-07-24")
    people = [m["text"] for m in mentions if m["kind"] == "person" and m["value"] is None]
    assert people == names


def test_a_title_in_the_construct_state_takes_the_country_named_after_it(prepared):
    """«رئيس مصر» is Egypt's president (the reference's office), «رئيس وزراء باكستان» an
    office it lacks, keyed by country; both introduce the name after the country, and the
    countries stay place mentions but not where the meeting happened."""
    text = "واستقبل رئيس مصر عبد الفتاح السيسي في القاهرة أمس رئيس وزراء باكستان عمران خان."
    mentions, claims, _ = prepared.extract("art-1", text, "2019-03-12")
    got = [(m["kind"], m["text"], m["value"]) for m in mentions]
    assert ("title", "رئيس", "office-egypt-president") in got
    assert ("title", "رئيس وزراء", None) in got
    assert ("place", "باكستان", "country-pakistan") in got
    assert ("person", "عمران خان", None) in got
    (meeting,) = [c for c in claims if c["kind"] == "event"]
    assert meeting["place"] == "city-cairo"
    assert meeting["participants"] == ["person-abdel-fattah-al-sisi"]
    assert len(meeting["participant_keys"]) == 2


def test_a_known_given_name_followed_by_a_patronymic_is_someone_else(prepared):
    """«الأمير سلمان بن حمد» is not King Salman, whom the reference knows as «سلمان»."""
    text = "واستقبل ملك المغرب محمد السادس ولي عهد البحرين الأمير سلمان بن حمد."
    mentions, claims, _ = prepared.extract("art-1", text, "2019-03-12")
    people = [(m["text"], m["value"]) for m in mentions if m["kind"] == "person"]
    assert people == [("محمد السادس", "person-mohammed-vi"), ("سلمان بن حمد", None)]
    assert not [c for c in claims if c.get("person") == "person-salman-bin-abdulaziz"]


@pytest.mark.parametrize(
    ("text", "etype", "countries"),
    [
        (
            "وقعت مصر والأردن والعراق في القاهرة أمس اتفاقية للتعاون في مجال الطاقة.",
            "signing",
            ["country-egypt", "country-iraq", "country-jordan"],
        ),
        (
            "وسلمت تركيا يوم الأحد 3 مارس 2019 العراق 20 معتقلا من عناصر التنظيم.",
            "handover",
            ["country-iraq", "country-trkiye"],
        ),
        ("وتسلم الأردن أمس رفات ثلاثة من جنوده.", "handover", ["country-jordan"]),
    ],
)
def test_countries_that_act_together_are_all_participants(prepared, text, etype, countries):
    """Countries coordinated after the verb all sign; a handover's giver and receiver are
    both parties, and what is handed over (detainees, remains) makes the verb a handover."""
    _, claims, _ = prepared.extract("art-1", text, "2019-03-12")
    events = [c for c in claims if c["kind"] == "event" and c["event_type"] == etype]
    assert [e["participants"] for e in events] == [countries]


@pytest.mark.parametrize(
    "text",
    [
        "وقعت وزارة التخطيط اليوم الخميس اتفاقية منحة مع السفير الياباني في عمان.",
        "وحضر الأمير خالد الفيصل أمس حفل جائزة الملك فيصل العالمية.",
    ],
)
def test_a_words_own_first_letter_is_no_clitic(prepared, text):
    """وزارة is not «and he visited her», فيصل not «then he arrives»: no visit."""
    _, claims, _ = prepared.extract("art-1", text, "2019-03-12")
    assert not [c for c in claims if c["kind"] == "event" and c["event_type"] == "visit"]


@pytest.mark.parametrize(
    "text",
    [
        "بغداد - أعلنت قيادة العمليات المشتركة اليوم الاثنين مقتل خمسة من عناصر داعش.",
        "القاهرة - التقى الرئيس عبد الفتاح السيسي غداة وصوله الرئيس السوداني عمر البشير.",
        "التقى وزير الخارجية سامح شكري تقريبا عشرين سفيرا أجنبيا اليوم الثلاثاء.",
        "أنقرة - سلمت تركيا العراق اليوم الثلاثاء 12 موقوفا من عناصر تنظيم داعش.",
    ],
)
def test_past_events_of_the_day_are_not_planned(prepared, text):
    """A future word inside another (بغداد، غداة، تقريبا) and a root's س (سلمت) do not make
    an event of the publication day planned."""
    _, claims, _ = prepared.extract("art-1", text, "2019-03-12")
    events = [c for c in claims if c["kind"] == "event"]
    assert events
    assert {e["status"] for e in events} == {"occurred"}, events


def test_future_words_and_verbs_still_plan():
    from factlint.extract.lexicon import FUTURE_MARKERS, FUTURE_VERB
    from factlint.extract.text import word_key

    for clause in ("ويزور الوزير باريس غدا", "من المقرر أن يصل", "الأسبوع المقبل،"):
        assert FUTURE_MARKERS.search(word_key(clause)), clause
    for verb in ("سيزور", "وستعقد", "سنعمل"):
        assert FUTURE_VERB.fullmatch(word_key(verb)), verb
    for verb in ("سلمت", "سافر", "سيطرت"):
        assert not FUTURE_VERB.fullmatch(word_key(verb)), verb


@pytest.mark.parametrize(
    ("text", "turki"),
    [
        ("وقصف الجيش التركي أمس مواقع في شمال سوريا.", False),
        ("وقع وزيرا الدفاع الروسي سيرغي شويغو والتركي خلوصي أكار أمس مذكرة تفاهم.", False),
        ("وأوضح التركي أن المقبوض عليهم لهم علاقة بالأحداث.", True),
    ],
)
def test_a_surname_that_is_a_countrys_adjective(prepared, text, turki):
    """«التركي», a known spokesman's surname, is «Turkish» after a noun it describes or in
    coordination, and the spokesman after a verb."""
    mentions, _, _ = prepared.extract("art-1", text, "2019-03-12")
    found = [m for m in mentions if m["value"] == "person-mansour-al-turki"]
    assert bool(found) is turki


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("عمان - بترا - استقبل الملك عبدالله الثاني اليوم الرئيس الفلسطيني محمود عباس.", None),
        ("وأكد وزير الخارجية الأردني أن عمان ترحب بالمبادرة.", None),
        ("عمان - بترا - قال الوزير إن الملك سيستقبل الرئيس في عمان يوم الجمعة المقبل.", None),
        ("وصل وزير الخارجية إلى سلطنة عمان اليوم في زيارة رسمية.", "country-oman"),
        ("وبحث الجانبان العلاقات بين السعودية وعمان.", "country-oman"),
    ],
)
def test_amman_is_not_oman(prepared, text, value):
    """«عمان» as a dateline or in news naming Jordan is Amman, which the reference lacks."""
    mentions, claims, _ = prepared.extract("art-1", text, "2019-03-12")
    assert {m["value"] for m in mentions if m["text"] == "عمان"} == {value}
    if value is None:
        assert not [c for c in claims if c.get("place") == "country-oman"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "الرباط - أكد وزير الخارجية المغربي ناصر بوريطة أن المملكة ماضية في إصلاحاتها.",
            "country-morocco",
        ),
        ("الرياض - أكد وزير الخارجية عادل الجبير أن المملكة تدعم الحل في اليمن.", None),
    ],
)
def test_the_kingdom_is_the_kingdom_the_news_names(prepared, text, value):
    """«المملكة» is Saudi Arabia unless the article names another kingdom and not Saudi Arabia."""
    mentions, _, _ = prepared.extract("art-1", text, "2019-03-12")
    (kingdom,) = [m["value"] for m in mentions if m["text"] == "المملكة"]
    assert kingdom == (value or "country-saudi-arabia")


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("قال الأمين العام لمنظمة بدر هادي العامري اليوم إن قوات الحشد جاهزة.", None),
        ("واستقبل الرئيس هادي أمس وزير الخارجية.", "person-abdrabbuh-mansur-hadi"),
        ("ولم يوضح ديفيس ما إذا كانت الغارة تمت بطائرة.", "person-jeff-davis"),
    ],
)
def test_a_known_one_word_name_that_starts_a_longer_one_is_someone_else(prepared, text, known):
    """«هادي العامري» is not President Hadi, whom the reference also calls «هادي»; a verb,
    a date word or «ما» after the one word ends the name."""
    mentions, _, _ = prepared.extract("art-1", text, "2019-03-12")
    people = [m["value"] for m in mentions if m["kind"] == "person" and m["value"]]
    assert people == ([known] if known else [])


def test_a_known_organisation_followed_by_another_countrys_adjective_is_its_namesake(prepared):
    """The reference's «وزارة الدفاع» is Azerbaijan's; «وزارة الدفاع الروسية» is Russia's,
    unknown to it, and acts under a key of its own."""
    text = "دمشق - أعلنت وزارة الدفاع الروسية أن طائراتها قصفت أمس مواقع في إدلب."
    mentions, claims, _ = prepared.extract("art-1", text, "2019-03-12")
    orgs = [(m["text"], m["value"]) for m in mentions if m["kind"] == "organisation"]
    assert orgs == [("وزارة الدفاع الروسية", None)]
    assert not [c for c in claims if "organisation-azerbaijan-ministry-of-defence" in str(c)]
    mentions, _, _ = prepared.extract("art-1", "وأعلنت وزارة الدفاع أن القوات نفذت عملية.", None)
    assert [m["value"] for m in mentions if m["kind"] == "organisation"] == [
        "organisation-azerbaijan-ministry-of-defence"
    ]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "الجزائر - استقبل السيد عبد المجيد تبون اليوم وزير الخارجية الفرنسي.",
            ["عبد المجيد تبون"],
        ),
        ("وأكد معالي السيد ريكس تيلرسون أن المحادثات مثمرة.", ["ريكس تيلرسون"]),
        ("وحضر اللقاء معالي أمين العاصمة المقدسة.", []),
    ],
)
def test_a_courtesy_word_introduces_an_unknown_name(prepared, text, people):
    """«السيد» before a name no title introduces: an unknown person of two words or more; an
    office noun after it (أمين العاصمة) is no name."""
    mentions, _, _ = prepared.extract("art-1", text, "2019-03-12")
    assert [m["text"] for m in mentions if m["kind"] == "person"] == people


@pytest.mark.parametrize(
    ("text", "etype", "key"),
    [
        (
            "سلم الجيش اللبناني يوم الخميس 20 حزيران 2019 السلطات السورية 15 موقوفا.",
            "handover",
            "organisation-lebanon:الجيش",
        ),
        (
            "وقصفت القوات المسلحة العراقية أمس مواقع للتنظيم في الأنبار.",
            "military_operation",
            "organisation-iraq:القوات-المسلحه",
        ),
    ],
)
def test_a_state_institution_acts_under_its_countrys_key(prepared, text, etype, key):
    """An army, forces or authorities the reference does not know, named by their country's
    adjective right after the verb, act in the event under a key of country and name."""
    _, claims, _ = prepared.extract("art-1", text, "2019-06-22")
    events = [c for c in claims if c["kind"] == "event" and c["event_type"] == etype]
    assert [key in e["participant_keys"] for e in events] == [True]


def test_a_name_written_with_a_hamza_is_no_article(prepared):
    """«إلياس» normalizes like a definite word, but the article has no hamza: it is the name
    after the title, not a complement of the office."""
    text = "التقى رئيس الحكومة إلياس الفخفاخ اليوم الاثنين وفدا من رجال الأعمال."
    mentions, _, _ = prepared.extract("art-1", text, "2020-06-15")
    got = [(m["kind"], m["text"]) for m in mentions if m["kind"] in ("title", "person")]
    assert got == [("title", "رئيس الحكومة"), ("person", "إلياس الفخفاخ")]


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("ودعا وزير الخارجية المصري سامح شكري إلى خفض التصعيد في المنطقة.", "escalation"),
        ("وتسلم الرئيس أوراق اعتماد السفير الصيني الجديد.", "approval"),
    ],
)
def test_a_trigger_the_word_before_negates_or_renames(prepared, text, etype):
    """De-escalation is no escalation; credentials (أوراق اعتماد) are no approval."""
    _, claims, _ = prepared.extract("art-1", text, "2020-06-15")
    assert not [c for c in claims if c["kind"] == "event" and c["event_type"] == etype]


@pytest.mark.parametrize(
    ("text", "titles", "people"),
    [
        (
            "استقبل رئيس مجلس النواب نبيه بري في 17 شباط 2023 سفيرة الولايات المتحدة دوروثي شيا.",
            ["رئيس مجلس النواب", "سفيرة"],
            ["نبيه بري", "دوروثي شيا"],
        ),
        (
            "وقال رئيس دولة فلسطين محمود عباس إن الحكومة الجديدة ستعمل على الإصلاح.",
            ["رئيس دولة"],
            ["محمود عباس"],
        ),
        (
            "والتقت وزيرة الخارجية هيلاري كلينتون نظيرتها الروسية.",
            ["وزيرة الخارجية", "نظيرتها الروسية"],
            ["هيلاري كلينتون"],
        ),
        (
            "واستقبل الوزير المبعوث الأممي هانس غروندبرغ في عدن.",
            ["الوزير", "المبعوث الأممي"],
            ["هانس غروندبرغ"],
        ),
    ],
)
def test_titles_of_parliaments_envoys_and_women(prepared, text, titles, people):
    """Speakers of parliaments, heads of state by «رئيس دولة», envoys, and women's titles
    (سفيرة، نظيرتها) introduce the names after them."""
    mentions, _, _ = prepared.extract("art-1", text, "2023-02-18")
    assert [m["text"] for m in mentions if m["kind"] == "title"] == titles
    assert [m["text"] for m in mentions if m["kind"] == "person"] == people


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "الرباط - و م ع - وقع المغرب وموريتانيا يوم 28 شتنبر 2018 بنواكشوط"
            " اتفاقية للصيد البحري.",
            "city-nouakchott",
        ),
        ("وصل وزير الخارجية الإيراني محمد جواد ظريف إلى استانبول مساء أمس قادماً من موسكو.", None),
        (
            "لندن: «الشرق الأوسط» - قتل 15 مدنيا أمس في غارات شنتها طائرات التحالف بقيادة واشنطن.",
            None,
        ),
    ],
)
def test_no_venue_from_the_dateline_the_origin_or_a_quoted_name(prepared, text, place):
    """The dateline is where the story was filed, «قادما من» where the visitor came from,
    «الشرق الأوسط» in quotes a newspaper, «بقيادة واشنطن» who leads: none is where the event
    happened (Nouakchott, after the Rabat dateline, is), and with no other candidate the event
    gets no place rather than a wrong one."""
    _, claims, _ = prepared.extract("art-1", text, "2018-09-30")
    events = [c for c in claims if c["kind"] == "event"]
    assert events
    assert [e["place"] for e in events] == [place] * len(events)


def test_a_statement_about_the_future_is_made_now(prepared):
    """«أعلن كيري اليوم التوصل إلى اتفاق هدنة يبدأ الاثنين المقبل»: the announcement occurred;
    the future word is the truce's."""
    text = (
        "جنيف - أعلن وزير الخارجية الأمريكي جون كيري اليوم السبت التوصل إلى اتفاق هدنة "
        "في سوريا يبدأ يوم الاثنين المقبل."
    )
    _, claims, _ = prepared.extract("art-1", text, "2016-09-10")
    statements = [c for c in claims if c["kind"] == "event" and c["event_type"] == "statement"]
    assert [s["status"] for s in statements] == ["occurred"]


@pytest.mark.parametrize(
    ("text", "title", "value"),
    [
        (
            "تونس (وات) - استقبل رئيس الجمهورية قيس سعيد اليوم وزير الخارجية.",
            "رئيس الجمهورية",
            None,
        ),
        ("الجزائر - استقبل رئيس الجمهورية عبد المجيد تبون اليوم السفير.", "رئيس الجمهورية", None),
        (
            "عمان - بترا - قال وزير الداخلية اليوم إن الأجهزة الأمنية أحبطت مخططا.",
            "وزير الداخلية",
            None,
        ),
        (
            "عمان - بترا - تلقى الملك عبدالله الثاني رسالة من خادم الحرمين الشريفين.",
            "خادم الحرمين الشريفين",
            "office-saudi-arabia-king",
        ),
        (
            "واس- الرياض: استقبل ولي العهد الأمير محمد بن سلمان اليوم الوزير.",
            "ولي العهد",
            "office-saudi-arabia-crown-prince",
        ),
        (
            "استقبل ولي العهد الأمير محمد بن سلمان اليوم الوزير.",
            "ولي العهد",
            "office-saudi-arabia-crown-prince",
        ),
    ],
)
def test_a_bare_title_is_the_office_of_the_agencys_country(prepared, text, title, value):
    """«رئيس الجمهورية» is the reference's name for Yemen's president; in Tunisian agency copy
    or under an Algerian dateline it is another country's office, unknown to the reference. A
    title only one country has (خادم الحرمين الشريفين) keeps its office everywhere."""
    mentions, _, _ = prepared.extract("art-1", text, "2019-03-12")
    (found,) = [m for m in mentions if m["kind"] == "title" and m["text"] == title]
    assert found["value"] == value


def test_one_word_names_match_as_written_not_folded(prepared):
    """Folding غ/ق/ج is for transliterated names; «المقرب» (close) is not «المغرب»."""
    mentions, _, _ = prepared.extract("art-1", "وقال المصدر المقرب من الحكومة في المغرب.", None)
    places = [(m["text"], m["value"]) for m in mentions if m["kind"] == "place"]
    assert places == [("المغرب", "country-morocco")]


def test_a_title_ending_a_list_item_is_not_the_next_persons(prepared):
    """«X رئيس الاستخبارات العامة، وY سفير ...»: the title after X's name is X's, not Y's."""
    text = (
        "كما حضر الاستقبال عادل الجبير وزير الخارجية، وخالد الحميدان رئيس الاستخبارات العامة، "
        "وأحمد قطان سفير خادم الحرمين الشريفين لدى مصر."
    )
    _, claims, _ = prepared.extract("art-1", text, "2015-07-24")
    roles = {(c["person"], c["office"]) for c in claims if c["kind"] == "role"}
    assert (
        "person-ahmed-qattan",
        "office-saudi-arabia-general-intelligence-president",
    ) not in roles
    assert (
        "person-khalid-al-humaidan",
        "office-saudi-arabia-general-intelligence-president",
    ) in roles


def test_a_list_set_out_in_an_article_about_one_agreement_gives_its_fields(prepared):
    """The fields listed after «المجالات التالية:» belong to the one agreement the article names,
    however far from its name; «وعقد فخامته اجتماعاً» (held) is no contract."""
    text = (
        "صدر أمس إعلان القاهرة بين المملكة العربية السعودية وجمهورية مصر العربية.\n"
        "وعقد فخامته اجتماعاً مع سموه في القاهرة.\n"
        "وقد اتفق الجانبان على وضع حزمة من الآليات التنفيذية في المجالات التالية:\n"
        " - تطوير التعاون العسكري.\n"
        " - تعزيز الاستثمارات في مجالات الطاقة والنقل.\n"
        " - تعيين الحدود البحرية بين البلدين.\n"
    )
    mentions, claims, _ = prepared.extract("art-1", text, "2015-07-31")
    agreements = [c for c in claims if c["kind"] == "agreement"]
    assert len(agreements) == 1
    assert {"military-cooperation", "energy", "transport"} <= set(agreements[0]["scopes"])
    assert not [m for m in mentions if m["kind"] == "agreement" and m["text"].startswith("عقد")]


def test_a_bare_title_before_a_known_name_is_the_office_they_hold(prepared):
    """«فخامة الرئيس عبدالفتاح السيسي»: the courtesy word is a title naming no office, and
    الرئيس is the office the reference says Sisi holds."""
    text = "واستقبل فخامة الرئيس عبدالفتاح السيسي وزير الخارجية في القاهرة."
    mentions, _, _ = prepared.extract("art-1", text, "2015-07-24")
    titles = [(m["text"], m["value"]) for m in mentions if m["kind"] == "title"]
    assert ("فخامة", None) in titles
    assert ("الرئيس", "office-egypt-president") in titles


def test_a_title_in_apposition_names_no_one_after_a_further_comma(prepared):
    """«... سلمان بن عبد العزيز، ملك المملكة العربية السعودية، أبعث لكم»: no person «أبعث»."""
    text = (
        "إلى خادم الحرمين الشريفين الملك سلمان بن عبد العزيز، "
        "ملك المملكة العربية السعودية، أبعث لكم تحياتي."
    )
    mentions, _, _ = prepared.extract("art-1", text, "2015-07-24")
    assert not [m for m in mentions if m["kind"] == "person" and m["value"] is None]


def test_a_place_the_reference_knows_is_no_name_after_a_title(prepared):
    """«أمير مكة يفتتح»: مكة is the city (reference city-mecca), not a person called مكة."""
    mentions, _, _ = prepared.extract("art-1", "أمير مكة يفتتح غداً معرض الفيصل.", "2015-07-24")
    assert not [m for m in mentions if m["kind"] == "person"]
    assert ("مكة", "city-mecca") in [(m["text"], m["value"]) for m in mentions]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # A surname written with ب is part of the name ...
        ("وصل الرئيس الجزائري عبد العزيز بوتفليقة إلى جنيف أمس.", ["عبد العزيز بوتفليقة"]),
        ("والتقى وزير الخارجية الأمريكي أنتوني بلينكن أمس نظيره.", ["أنتوني بلينكن"]),
        ("واستقبل وزير الخارجية الجزائري صبري بوقادوم أمس السفير.", ["صبري بوقادوم"]),
        # ... the preposition ب and its noun are not.
        ("وكان الأمير فيصل بحضور المسؤولين في الحفل.", ["فيصل"]),
        ("وقال الوزير سالم العنزي بمقر الوزارة إن الاجتماع مثمر.", ["سالم العنزي"]),
        ("واجتمع الوزير سالم العنزي بنظيره الأردني أمس.", ["سالم العنزي"]),
        ("وأشاد المستشار خالد الحربي بوزارة الخارجية وجهودها.", ["خالد الحربي"]),
        # A name ends where a date begins, and a title after a particle is the name's.
        ("والتقى الرئيس الفرنسي إيمانويل ماكرون مساء أمس الرئيس المصري.", ["إيمانويل ماكرون"]),
        ("وأكد الوزير محمد ولد الشيخ الغزواني أن الحوار مستمر.", ["محمد ولد الشيخ الغزواني"]),
    ],
)
def test_a_name_with_b_a_date_after_it_or_a_title_after_a_particle(prepared, text, people):
    """«بوتفليقة»، «بلينكن»: a ب-initial surname is no preposition unless its noun reads as
    one (بحضور، بمقر، بنظيره، بوزارة الخارجية); a date (مساء أمس) ends a name rather than
    losing it; ولد الشيخ is part of a Mauritanian name."""
    mentions, _, _ = prepared.extract("art-1", text, "2019-06-12")
    assert [m["text"] for m in mentions if m["kind"] == "person"] == people


@pytest.mark.parametrize(
    ("text", "office"),
    [
        ("التقى الرئيس الفرنسي إيمانويل ماكرون أمس بالرئيس المصري.", "office-egypt-president"),
        (
            "واجتمع الرئيس الفرنسي إيمانويل ماكرون أمس مع الرئيس المصري في باريس.",
            "office-egypt-president",
        ),
    ],
)
def test_an_office_met_without_its_holder_is_a_party(prepared, text, office):
    """Who meets a named person «with the Egyptian president» meets that office's holder: the
    office is a participant beside the person."""
    _, claims, _ = prepared.extract("art-1", text, "2019-06-12")
    meetings = [c for c in claims if c["kind"] == "event" and c["event_type"] == "meeting"]
    assert [
        (office in m["participants"], "ايمانويلماكرون" in m["participant_keys"]) for m in meetings
    ] == [(True, True)]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("وبحث وزير الداخلية التونسي علي العريض في بغداد أمس مع وكيل الوزارة.", ["علي العريض"]),
        ("والتقى الأمير محمد علي الحسيني أمس الوفد.", ["محمد علي الحسيني"]),
        ("وأكد الرئيس على ضرورة الحوار.", []),
    ],
)
def test_ali_is_a_name_and_ala_a_preposition(prepared, text, people):
    """«علي» (final ya) is the name, which normalizing folds onto the preposition «على»."""
    mentions, _, _ = prepared.extract("art-1", text, "2013-01-20")
    assert [m["text"] for m in mentions if m["kind"] == "person"] == people


def test_a_former_holder_is_named_but_holds_no_office(prepared):
    """«الرئيس الأمريكي السابق» introduces the name after it but makes no role claim: the
    person held the office once, not at the date of the news."""
    text = (
        "وقال وزير الخارجية الأمريكي السابق جون كيري إن الحل سياسي. "
        "واستقبل الرئيس الأمريكي السابق جورج بوش الوفد."
    )
    mentions, claims, _ = prepared.extract("art-1", text, "2019-06-12")
    people = [m["text"] for m in mentions if m["kind"] == "person"]
    assert people == ["جون كيري", "جورج بوش"]
    assert [c for c in claims if c["kind"] == "role"] == []


def test_a_title_of_a_country_named_with_b_is_that_countrys_office(prepared):
    """«وزير الخارجية بجمهورية مصر العربية سامح شكري»: the Egyptian foreign minister, holding
    the office, so a later bare «وزير الخارجية المصري» in a meeting is him, not a third party."""
    text = (
        "استقبل الملك سلمان بن عبدالعزيز أمس وزير الخارجية بجمهورية مصر العربية سامح شكري. "
        "وبحث الملك مع وزير الخارجية المصري العلاقات."
    )
    mentions, claims, _ = prepared.extract("art-1", text, "2015-07-24")
    titles = {m["text"]: m["value"] for m in mentions if m["kind"] == "title"}
    assert titles["وزير الخارجية"] == "office-egypt-foreign-minister"
    meetings = [c for c in claims if c["kind"] == "event" and c["event_type"] == "meeting"]
    assert [m["participants"] for m in meetings] == [
        ["person-salman-bin-abdulaziz", "person-sameh-shoukry"]
    ]


def test_talks_during_a_meeting_are_that_meeting(prepared):
    """«التقى ... وبحثا معا»: the talks verb adds no meeting to the one the sentence names."""
    text = "والتقى الرئيس العراقي جلال طالباني أمس الوزير علي العريض وبحثا معا سبل التعاون."
    _, claims, _ = prepared.extract("art-1", text, "2013-01-20")
    assert [c["event_type"] for c in claims if c["kind"] == "event"] == ["meeting"]


@pytest.mark.parametrize(
    ("text", "title", "person"),
    [
        ("والتقى وزير حقوق الإنسان أحمد عرمان أمس وفدا.", "وزير حقوق الإنسان", "أحمد عرمان"),
        (
            "وأعلن محافظ نينوى نوفل حمادي العاكوب أمس تحرير القرى.",
            "محافظ نينوى",
            "نوفل حمادي العاكوب",
        ),
        (
            "وبحث رئيس إقليم كردستان نيجيرفان بارزاني مع السفيرة العلاقات.",
            "رئيس إقليم كردستان",
            "نيجيرفان بارزاني",
        ),
        ("والتقى رئيس تحالف الفتح هادي العامري أمس السفير.", "رئيس تحالف الفتح", "هادي العامري"),
        (
            "وقال الأمين العام لحزب الله السيد حسن نصر الله إن المقاومة ستلتزم.",
            "الأمين العام لحزب الله",
            "حسن نصر الله",
        ),
        (
            "وقال الناطق باسم كتائب القسام أبو عبيدة في كلمة إن المقاومة مستعدة.",
            "الناطق باسم كتائب القسام",
            "أبو عبيدة",
        ),
        (
            "والتقى الأمين العام لجامعة الدول العربية أحمد أبو الغيط أمس الرئيس.",
            "الأمين العام",
            "أحمد أبو الغيط",
        ),
        (
            "وقال الرئيس اليمني السابق علي عبد الله صالح إن الحرب مستمرة.",
            "الرئيس اليمني السابق",
            "علي عبد الله صالح",
        ),
    ],
)
def test_a_title_in_the_construct_state_takes_its_complement_before_the_name(
    prepared, text, title, person
):
    """An indefinite title word (وزير، رئيس، محافظ) is followed by what it is of (حقوق
    الإنسان، إقليم كردستان، نينوى) before the name; a body after ل or باسم belongs to the
    title, a body the reference knows stays its own mention and the name follows it."""
    mentions, _, _ = prepared.extract("art-1", text, "2019-11-22")
    assert title in [m["text"] for m in mentions if m["kind"] == "title"]
    assert [m["text"] for m in mentions if m["kind"] == "person"] == [person]


def test_lebanese_and_sudanese_ranks_introduce_names(prepared):
    """«العماد» and «المشير» are ranks: the names after them are people."""
    text = "التقى العماد ميشال عون اليوم في قصر بعبدا المشير عمر البشير."
    mentions, claims, _ = prepared.extract("art-1", text, "2017-03-10")
    assert [m["text"] for m in mentions if m["kind"] == "person"] == ["ميشال عون", "عمر البشير"]
    meetings = [c for c in claims if c["kind"] == "event" and c["event_type"] == "meeting"]
    assert [m["participant_keys"] for m in meetings] == [["عمرالبشير", "ميشالعون"]]


@pytest.mark.parametrize(
    ("text", "title", "person"),
    [
        (
            "التقى وزير الزراعة الأردني إبراهيم الشحاحدة أمس في دمشق نظيره.",
            "وزير الزراعة الأردني",
            "إبراهيم الشحاحدة",
        ),
        (
            "وقال وزير الاقتصاد والتجارة اللبناني منصور بطيش إن الاتفاق مهم.",
            "وزير الاقتصاد والتجارة اللبناني",
            "منصور بطيش",
        ),
    ],
)
def test_a_portfolio_the_vocabulary_knows_as_a_scope_is_the_titles(prepared, text, title, person):
    """«الزراعة», «التجارة» are scope terms too; after وزير they are the ministry, and the name
    after the country's adjective is the minister's (it was lost)."""
    mentions, _, _ = prepared.extract("art-1", text, "2019-10-07")
    assert next(m["text"] for m in mentions if m["kind"] == "title") == title
    assert [m["text"] for m in mentions if m["kind"] == "person"] == [person]


def test_a_city_the_reference_lacks_is_a_cldr_place_and_an_entity(tmp_path):
    """«في بغداد»: a city CLDR names and the reference tables do not is the event's place, and
    a check gives it an entity row (source CLDR) so no reference is dangling."""
    data = copy_dataset(tmp_path / "d", [], with_claims=False)
    text = "بيروت - التقى الرئيس اللبناني ميشال عون اليوم في بغداد رئيس الوزراء العراقي.\n"
    (data / "articles" / "b-1.txt").write_bytes(text.encode())
    with open(data / "articles.csv", "a", encoding="utf-8") as f:
        digest_ = hashlib.sha256(text.encode()).hexdigest()
        f.write(f"b-1,لقاء,x,,ar,2019-10-07,{digest_}\n")
    dataset, _ = records_of_record(load_dataset(data))
    meetings = dataset.frame("claims").filter(pl.col("event_type") == "meeting")
    assert meetings.get_column("place").to_list() == ["city-baghdad"]
    cities = dataset.frame("entities").filter(
        pl.col("entity_id").is_in(["city-baghdad", "city-beirut"])
    )
    assert sorted(cities.get_column("entity_id").to_list()) == ["city-baghdad", "city-beirut"]
    assert set(cities.get_column("type").to_list()) == {"city"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(["التقى ", "الرئيس ", "محمد ", "علي ", ". ", "\n", "x" * 50]), max_size=400
    )
)
def test_sentences_are_bounded_and_cover_the_text(pieces):
    """A text without stops (a list, a broken feed) is cut into spans of at most
    MAX_SENTENCE_CHARS, so what extraction compares within a sentence stays bounded; every
    non-space character is still in some sentence, and the spans are in order."""
    from factlint.extract.text import MAX_SENTENCE_CHARS, sentences

    text = "".join(pieces) * 20
    spans = sentences(text)
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    covered = {i for s in spans for i in range(s.start, s.end)}
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace() and ch not in ".\n")


def test_an_unknown_names_row_quotes_a_bounded_part_of_its_sentence(prepared):
    """A text of 5,000 titles without a stop: each unknown title's row quotes at most a few
    hundred characters around it, not the whole text (which grew as names times text)."""
    text = "وزير خارجية " * 5000
    _, _, unknown = prepared.extract("art-1", text, "2024-01-01")
    assert len(unknown) == 5000
    assert max(len(u["sentence"]) for u in unknown) <= 2 * 200 + len("وزير خارجية")


def test_a_dateline_after_the_headline_is_not_the_events_place(prepared):
    """«طرابلس ـ العربي الجديد:» opening the line after the headline, with a tatweel for a
    dash, is where the story was filed: the handover in Zawiya did not happen in Tripoli."""
    text = (
        "صفقة تبادل أسرى في الزاوية\n"
        "طرابلس ـ العربي الجديد: سلمت قوات فجر ليبيا، الخميس 4 ديسمبر 2014، عشرين أسيرا "
        "إلى كتائب الزنتان."
    )
    _, claims, _ = prepared.extract("art-1", text, "2014-12-05")
    handovers = [c for c in claims if c["kind"] == "event" and c["event_type"] == "handover"]
    assert handovers and [h["place"] for h in handovers] == [None] * len(handovers)
