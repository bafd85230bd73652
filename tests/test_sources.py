"""Independent sources: wire attribution, near-duplicate texts, groups of articles."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from factlint.sources import containment, shingles, source_groups, wire_attribution

ARTICLES = Path(__file__).parent.parent / "datasets" / "articles"

SPA_DISPATCH = (
    "استقبل صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد النائب الثاني "
    "لرئيس مجلس الوزراء وزير الدفاع في قصر السلام بجدة مساء اليوم معالي وزير الدولة لشئون "
    "الدفاع بدولة قطر اللواء ركن حمد بن علي العطية والوفد المرافق له. وجرى خلال الاستقبال "
    "استعراض روابط التعاون الثنائي بين البلدين الشقيقين وخاصة في المجالات العسكرية، بالإضافة "
    "إلى عدد من المسائل ذات الاهتمام المشترك."
)
# The same dispatch as a paper prints it: a byline, a changed honorific, one clause dropped.
EDITED = (
    "عين اليوم – جدة\n"
    "استقبل صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد النائب الثاني "
    "لرئيس مجلس الوزراء وزير الدفاع في قصر السلام بجدة مساء اليوم وزير الدولة لشؤون الدفاع "
    "بدولة قطر اللواء ركن حمد بن علي العطية والوفد المرافق له. وجرى خلال الاستقبال استعراض "
    "روابط التعاون الثنائي بين البلدين الشقيقين وخاصة في المجالات العسكرية."
)
# Another story with the same honorific chain: formulae alone never make one source.
OTHER_STORY = (
    "وكان صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد النائب الثاني "
    "لرئيس مجلس الوزراء وزير الدفاع قد غادر جمهورية مصر العربية بعد زيارة عمل التقى خلالها "
    "فخامة الرئيس المصري عبدالفتاح السيسي وعددا من المسؤولين في مصر."
)


def test_a_lightly_edited_copy_is_a_near_duplicate():
    assert containment(shingles(SPA_DISPATCH), shingles(EDITED)) >= 0.5
    assert containment(shingles(SPA_DISPATCH), shingles(OTHER_STORY)) < 0.5


def test_short_texts_share_too_little_to_be_copies():
    assert containment(shingles("غداً.. مطار الملك فهد يوقع"), shingles("غداً.. مطار الملك فهد")) == 0


def test_wire_credits_in_datelines_bylines_and_quotes():
    assert wire_attribution("جدة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\nاستقبل") == {"spa"}
    assert wire_attribution("واس - الرياض\nصرح المتحدث الأمني") == {"spa"}
    assert wire_attribution("كابول (رويترز) - اختارت حركة طالبان") == {"reuters"}
    assert wire_attribution("وقال الخبير لوكالة فرانس برس إن المحادثات فقدت زخمها") == {"afp"}
    assert wire_attribution("وقال لوكالة الصحافة الفرنسية: «اتخذ القرار على عجل»") == {"afp"}
    assert wire_attribution("نص الخبر", outlet="Saudi Press Agency") == {"spa"}


def test_agency_names_that_are_words_count_only_where_a_credit_stands():
    assert wire_attribution("وقال إن هذا المشروع يعني بنا جميعا ويخدم البلاد") == frozenset()
    assert wire_attribution("حققت الشركة أرباحا واسعة في الربع الثاني") == frozenset()
    assert wire_attribution("المنامة (بنا) - أكد وزير الخارجية") == {"bna"}


def test_copies_and_shared_credits_are_one_source():
    groups = source_groups(
        {"a": SPA_DISPATCH, "b": EDITED, "c": OTHER_STORY, "d": "كابول (رويترز) - نص آخر تماما"},
        {"a": "Saudi Press Agency", "b": "Ain Alyoum", "c": "Al-Jazirah", "d": "Al-Watan"},
    )
    assert groups.group == {"a": "a", "b": "a", "c": "c", "d": "d"}
    assert groups.count(["a", "b", "c"]) == 2
    assert groups.members(["c", "b", "a"]) == [["a", "b"], ["c"]]


def test_the_corpus_wire_copies_group_and_independent_reports_do_not():
    ids = ["snn-c14-aleqtisadiya-1", "snn-c14-alyaum-1", "snn-c14-was-1", "snn-c10-aawsat-1"]
    texts = {a: (ARTICLES / f"{a}.txt").read_text(encoding="utf-8") for a in ids}
    groups = source_groups(texts)
    assert groups.count(ids[:3]) == 1
    assert groups.count(ids) == 2


@settings(max_examples=40, deadline=None)
@given(st.permutations(["a", "b", "c", "d"]), st.sampled_from(["a", "b", "c", "d"]))
def test_groups_do_not_depend_on_order_and_a_reprint_joins_its_original(order, reprinted):
    texts = {"a": SPA_DISPATCH, "b": EDITED, "c": OTHER_STORY, "d": "غداً.. مطار الملك فهد"}
    shuffled = {k: texts[k] for k in order}
    assert source_groups(shuffled).group == source_groups(texts).group
    with_reprint = {**shuffled, "z-reprint": texts[reprinted]}
    groups = source_groups(with_reprint)
    assert groups.group["z-reprint"] == groups.group[reprinted]
    assert groups.count(with_reprint) == source_groups(texts).count(texts)
