"""The words the rule-based extractor recognises: titles, event triggers, agreement nouns.

Every pattern is matched against one word's normalized key (`factlint.arabic.normalize`: no
hamza or alef forms, ة written ه, no diacritics) after its clitics are split off, so one entry
covers أكد/اكد and زيارة/زياره. Patterns are full-match regular expressions over that key.
"""

from __future__ import annotations

import re
from functools import lru_cache

from factlint.extract.text import word_key

__all__ = [
    "AGREEMENT_NOUNS",
    "CONSTRUCT_HEADS",
    "EVENT_TRIGGERS",
    "FUTURE_MARKERS",
    "FUTURE_VERB",
    "NAME_PARTICLES",
    "NEWS_AGENCIES",
    "OFFICE_HEADS",
    "ONGOING_MARKERS",
    "RANKS",
    "ROOT_INITIAL",
    "STOPWORDS",
    "event_trigger",
]

# Event type -> one regex over a word key. Inflections are written as patterns, not lists:
# (س)?(ي|ت|ن) prefixes for the imperfect, (ت|ا|وا|ن) suffixes, ه/ها/هم pronoun suffixes.
_PRON = r"(?:ه|ها|هما|هم)?"
_EVENT_PATTERNS: dict[str, str] = {
    "visit": rf"(?:س?[يتن]زور(?:ان|ون)?{_PRON}|زار(?:ت|ا|وا)?{_PRON}"
    rf"|زيار(?:ه|ات|ت){_PRON}|الزيار(?:ه|ات)"
    rf"|وصل(?:ت|ا|وا)?|س?[يت]صل(?:ان|ون)?|وصول{_PRON})",
    "meeting": rf"(?:استقبل(?:ت|ا|وا)?{_PRON}|س?[يتن]ستقبل{_PRON}|استقبال{_PRON}|الاستقبال"
    rf"|استضاف(?:ت)?{_PRON}|س?[يت]ستضيف{_PRON}"
    rf"|التقي|التقت|التقيا|التقوا|س?[يت]لتقي|لقاء{_PRON}|اللقاء|لقاءات|اجتمع(?:ت|ا|وا)?"
    rf"|س?[يت]جتمع|اجتماع(?:ا|ات)?{_PRON}|الاجتماع(?:ات)?|محادثات|المحادثات|مباحثات|المباحثات"
    rf"|قمه|القمه)",
    # A telephone call: the noun with its adjective (اتصالا هاتفيا) is checked by EVENT_REQUIRES.
    "call": rf"(?:اتصال(?:ا|ات)?|الاتصال|مكالمه|المكالمه|اتصل(?:ت|ا)?|س?[يت]تصل(?:ان)?{_PRON}"
    rf"|تلقي|تلقت|س?[يت]تلقي)",
    "signing": rf"(?:وقع(?:ت|ا|وا|تا)?{_PRON}|س?[يتن]وقع(?:ان|ون)?{_PRON}|توقيع{_PRON}|التوقيع)",
    "ratification": r"(?:صادق(?:ت)?(?:عليه|عليها)?|س?[يت]صادق|المصادقه|مصادقه|التصديق|تصديق"
    r"|صدق(?:ت)?)",
    "approval": r"(?:وافق(?:ت)?|الموافقه|اقر(?:ت)?|س?[يت]قر|اقرار|اعتمد(?:ت)?|اعتماد)",
    "military_operation": rf"(?:غاره|الغاره|غارات|الغارات|قصف(?:ت)?|القصف|س?[يت]قصف"
    rf"|هجوم(?:ا|ين)?{_PRON}|الهجوم|هجمات|الهجمات|هاجم(?:ت)?|استهدف(?:ت)?|استهداف|مقتل|اغتيال|تفجير|التفجير"
    rf"|انفجار|اشتباكات|الاشتباكات|تحرير|غزو|الغزو|ضرب(?:ه|ات)|الضربه|عمليه|العمليه"
    rf"|قذائف|القذائف|قذيفه|القذيفه|مقذوفات|المقذوفات|صواريخ|صاروخ|استشهاد|استشهد(?:وا)?"
    rf"|تعرض(?:ت)?|اطلاق|قتل(?:ت|وا)?|س?[يت]قتل|اعتداء|الاعتداء|اعتداءات|الاعتداءات"
    rf"|استعاده|استعاد(?:ت)?)",
    "ceasefire": r"(?:هدنه|الهدنه|تهدئه|التهدئه)",
    "appointment": rf"(?:عين(?:ت)?|تعيين{_PRON}|التعيين|اختار(?:ت)?|اختيار{_PRON}|انتخاب{_PRON}"
    rf"|انتخب(?:ت)?|خلفا|تنصيب{_PRON}|زعيما|قائدا|اميرا)",
    "decree": r"(?:امر|الامر|امرا|اوامر|الاوامر|مرسوم|المرسوم|مرسوما)",
    "departure": rf"(?:غادر(?:ت|ا)?|س?[يت]غادر|مغادر(?:ه)?{_PRON}|المغادره|سافر|توجه|س?[يت]توجه)",
    "statement": rf"(?:بيان|البيان|بيانا|اعلن(?:ت)?|س?[يت]علن|اعلان{_PRON}|تصريح(?:ات)?{_PRON}"
    rf"|صرح(?:ت)?|نعي|نعت|نعى|قال(?:ت)?|اكد(?:ت)?|اوضح(?:ت)?|اضاف(?:ت)?|ذكر(?:ت)?|اشار(?:ت)?"
    rf"|شدد(?:ت)?|دعا|دعت|اعرب(?:ت)?|اعتبر(?:ت)?|رساله|رسالت(?:ه|ها|هم)|خطابا|رسالتين)",
    "exhibition": r"(?:معرض|المعرض|افتتح(?:ت)?|افتتاح|س?[يت]فتتح)",
    "forum": r"(?:منتدي|المنتدي|مؤتمر|المؤتمر|موتمر|الموتمر|ملتقي|الملتقي)",
    "escalation": r"(?:تصعيد|التصعيد)",
    "handover": rf"(?:تسلم(?:ت)?|س?[يت]سلم|تسليم{_PRON}|التسليم|سلم(?:ت)?"
    rf"|تبادل(?:ت|ا)?|س?[يت]تبادل(?:ان)?|التبادل|صفقه|الصفقه)",
}
# Some triggers are events only with a word of their kind nearby in the sentence.
EVENT_REQUIRES: dict[str, str] = {
    "signing": r"(?:اتفاق|اتفاقيه|اتفاقيات|اتفاقيتين|مذكره|مذكرات|بروتوكول|معاهده|عقد|عقدا|"
    r"العقد|اعلان|ميثاق)",
    "decree": r"(?:ملكي|ملكيا|الملكي|رئاسي|رئاسيا|الرئاسي)",
    "call": r"(?:هاتفي|هاتفيا|هاتفيه|الهاتفي|الهاتفيه|هاتفيين|مكالمه|المكالمه|بالهاتف|هاتفيًا)",
    "exhibition": r"(?:معرض|المعرض)",
    "military_operation": r"(?:غاره|غارات(?:ها)?|قصف(?:ت|وا)?|هجوم(?:ا)?|هجمات|هاجم|مقتل|قتل"
    r"|استهدف|استهداف|جوي|جويه"
    r"|اعتداءات|الاعتداءات|ارهابي|ارهابيه|الارهابي|الارهابيه|تفجير|التفجير|السيطره|للسيطره"
    r"|عسكري|عسكريه|صاروخ|قذيفه|قذائف|مقذوفات|انتحاري|تفجير|اشتباكات|تحرير|غزو|شهيد|استشهاد)",
    "handover": r"(?:رساله|اوراق|اعتماد|مهام|السلطه|الحكم|شحنه|دفعه|طائرات|اسلحه|الاسرى|جثث"
    # people held and handed over (موقوفين، معتقلين، أسرى، رهائن), remains, aid and equipment;
    # not the wanted (المطلوبين), whom a text more often asks to be handed over
    r"|(?:ال)?(?:موقوف|معتقل|محتجز)(?:ين|ون|ا)?|(?:ال)?(?:سجناء|اسري|اسيرا?|رهائن|رهينه"
    r"|رفات|جثمان|جثامين|مساعدات|معدات|ذخائر))",
}
# Patterns and word lists are normalized like the text they meet (رئيس -> رييس, مؤتمر -> موتمر),
# so they may be written in ordinary spelling.
_TRIGGER_RES = {etype: re.compile(word_key(p)) for etype, p in _EVENT_PATTERNS.items()}
_REQUIRES_RES = {etype: re.compile(word_key(p)) for etype, p in EVENT_REQUIRES.items()}
# The order types are tried in: specific before general (a قمة is a meeting, not a statement).
EVENT_TRIGGERS: tuple[str, ...] = tuple(_EVENT_PATTERNS)


@lru_cache(maxsize=1 << 18)
def event_trigger(key: str) -> str | None:
    """The event type a word key triggers, or None (cached: news vocabulary repeats)."""
    for etype in EVENT_TRIGGERS:
        if _TRIGGER_RES[etype].fullmatch(key):
            return etype
    return None


# Trigger words that name their event unambiguously, so need no companion word (the noun
# توقيع is a signing; the verb وقع may mean "happened").
_SELF_SUFFICIENT = re.compile(word_key(r"(?:ال)?توقيع(?:ه|ها)?|(?:ال)?تفجير|(?:ال)?غار(?:ه|ات)"))


def trigger_allowed(etype: str, sentence_keys: list[str], trigger: str | None = None) -> bool:
    """False when the type needs a companion word the sentence lacks."""
    pattern = _REQUIRES_RES.get(etype)
    if pattern is None or (trigger is not None and _SELF_SUFFICIENT.fullmatch(trigger)):
        return True
    return any(pattern.fullmatch(k) for k in sentence_keys)


# Words in a clause that put an event in the future: whole words, with a conjunction or
# preposition before them at most (بغداد and غداة hold غدا, تقريبا holds قريبا).
FUTURE_MARKERS = re.compile(
    r"(?<!\w)[وفبل]?"
    + word_key(
        r"(?:سوف|المقرر|المزمع|يعتزم|تعتزم|المقبل|المقبله|القادم|القادمه|غدا|سيتم|ستتم|يرتقب|المرتقب"
        r"|بقرب|قريبا"
        r"|المرتقبه|المنتظر)"
    )
    + r"(?!\w)"
)
ONGOING_MARKERS = re.compile(
    r"(?<!\w)[وفبل]?" + word_key(r"(?:حاليا|الجاري|الجاريه|يواصل|تتواصل|يتواصل)") + r"(?!\w)"
)
# A verb's future prefix: س before the imperfect's (سيزور، ستعقد، سنعمل), not a root's س
# (سلمت، سافر، سيطرت).
FUTURE_VERB = re.compile(word_key(r"[وف]?س[يتن](?!طر)\w{2,}"))
# Words whose first letter is their own, not a conjunction or preposition: وزارة is no
# «and he visited her» (زاره), فيصل no «then he arrives» (يصل).
ROOT_INITIAL = re.compile(word_key(r"وزار(?:ه|ات|ت\w*)|فيصل"))

# Title heads: the office word that starts a title, with an English slug for the office id.
OFFICE_HEADS: dict[tuple[str, ...], str] = {
    ("خادم", "الحرمين", "الشريفين"): "king",
    ("ولي", "ولي", "العهد"): "deputy-crown-prince",
    ("ولي", "العهد"): "crown-prince",
    ("رئيس", "الوزراء"): "prime-minister",
    ("رئيس", "الحكومه"): "prime-minister",
    ("رئيس", "مجلس", "الوزراء"): "prime-minister",
    ("نائب", "الرئيس"): "vice-president",
    ("نائب", "رئيس", "الجمهوريه"): "vice-president",
    ("رئيس", "الجمهوريه"): "president",
    ("الامين", "العام"): "secretary-general",
    ("امين", "عام"): "secretary-general",
    ("وزير", "الخارجيه"): "foreign-minister",
    ("وزير", "الشؤون", "الخارجيه"): "foreign-minister",
    ("وزير", "الدوله", "لشئون", "الدفاع"): "minister-of-state-for-defence",
    ("وزير", "الدفاع"): "defence-minister",
    ("وزير", "الداخليه"): "interior-minister",
    ("وزير", "الدوله"): "minister-of-state",
    ("وزير", "الدوله", "لشؤون", "الدفاع"): "minister-of-state-for-defence",
    ("وزير", "الاعلام"): "information-minister",
    ("وزير", "الماليه"): "finance-minister",
    ("وزير", "الحرس", "الوطني"): "national-guard-minister",
    ("وزيره", "الخارجيه"): "foreign-minister",
    ("المتحدث", "الرسمي"): "spokesperson",
    ("المتحدث", "الامني"): "security-spokesperson",
    ("المتحدث", "باسم"): "spokesperson",
    ("الناطق", "باسم"): "spokesperson",
    ("الناطق", "الرسمي"): "spokesperson",
    ("رئيس", "مجلس", "النواب"): "speaker",
    ("رئيس", "مجلس", "الشعب"): "speaker",
    ("رئيس", "مجلس", "الامه"): "speaker",
    ("رئيس", "مجلس", "الشوري"): "speaker",
    ("رئيس", "مجلس", "الاعيان"): "senate-president",
    ("رئيس", "مجلس", "الشيوخ"): "senate-president",
    ("رئيس", "مجلس", "السياده"): "sovereignty-council-chairman",
    ("رئيس", "البرلمان"): "speaker",
    ("رئيسه", "الوزراء"): "prime-minister",
    ("رئيسه", "الحكومه"): "prime-minister",
    ("نظيره",): "counterpart",
    ("نظيرته",): "counterpart",
    ("نظيرتها",): "counterpart",
    ("نظيرها",): "counterpart",
    ("نظيريه",): "counterpart",
    ("قائد",): "commander",
    ("رئيس",): "president",
    ("الرئيس",): "president",
    ("الملك",): "king",
    ("ملك",): "king",
    ("الامير",): "prince",
    ("امير",): "emir",
    ("الاميره",): "princess",
    ("الشيخ",): "sheikh",
    ("السلطان",): "sultan",
    ("السفير",): "ambassador",
    ("سفير",): "ambassador",
    ("السفيره",): "ambassador",
    ("سفيره",): "ambassador",
    ("المبعوث",): "envoy",
    ("مبعوث",): "envoy",
    ("حاكم",): "ruler",
    ("وزير",): "minister",
    ("وزيره",): "minister",
    ("الوزير",): "minister",
    ("محافظ",): "governor",
    ("المستشار",): "adviser",
    ("مستشار",): "adviser",
    ("نائب",): "deputy",
    ("مساعد",): "assistant",
    ("الملا",): "mullah",
    ("الجنرال",): "general",
}
# Offices in the construct state, named by the country's name after them (رئيس وزراء باكستان،
# وزير خارجية الأردن، ولي عهد البحرين; a one-word head too: سفير باكستان، ملك الأردن).
CONSTRUCT_HEADS: dict[tuple[str, ...], str] = {
    ("رئيس", "وزراء"): "prime-minister",
    ("رئيس", "حكومه"): "prime-minister",
    ("رئيس", "جمهوريه"): "president",
    ("رئيس", "دوله"): "president",
    ("رئيس", "مجلس", "وزراء"): "prime-minister",
    ("نائب", "رئيس", "وزراء"): "deputy-prime-minister",
    ("ولي", "عهد"): "crown-prince",
    ("وزير", "خارجيه"): "foreign-minister",
    ("وزيره", "خارجيه"): "foreign-minister",
    ("وزير", "دفاع"): "defence-minister",
    ("وزير", "داخليه"): "interior-minister",
    ("وزير", "ماليه"): "finance-minister",
    ("وزير", "اعلام"): "information-minister",
}
# National news agencies as datelines name them (عمان - بترا -، تونس (وات) -، واس- الرياض:):
# the agency says whose officials a bare title (وزير الداخلية، رئيس الجمهورية) means.
NEWS_AGENCIES: dict[str, tuple[str, ...]] = {
    "country-saudi-arabia": ("واس",),
    "country-jordan": ("بترا",),
    "country-morocco": ("و م ع", "و.م.ع", "ومع"),
    "country-egypt": ("أ ش أ", "أ.ش.أ", "أشأ"),
    "country-tunisia": ("وات",),
    "country-algeria": ("واج",),
    "country-kuwait": ("كونا",),
    "country-qatar": ("قنا",),
    "country-united-arab-emirates": ("وام",),
    "country-oman": ("العمانية",),
    "country-bahrain": ("بنا",),
    "country-syria": ("سانا",),
    "country-iraq": ("واع",),
    "country-palestinian-territories": ("وفا",),
    "country-yemen": ("سبأ",),
    "country-sudan": ("سونا",),
    "country-libya": ("وال",),
    "country-trkiye": ("الأناضول",),
    "country-iran": ("إرنا", "ارنا"),
}
# Military and police ranks: titles that sit right before a name.
RANKS: dict[tuple[str, ...], str] = {
    ("الفريق", "اول", "ركن"): "general",
    ("الفريق", "ركن"): "lieutenant-general",
    ("اللواء", "ركن"): "major-general",
    ("العميد", "ركن"): "brigadier",
    ("العقيد", "ركن"): "colonel",
    ("الفريق", "اول"): "general",
    ("الفريق", "الاول"): "general",
    ("الفريق",): "lieutenant-general",
    ("العماد",): "general",
    ("المشير",): "field-marshal",
    ("اللواء",): "major-general",
    ("العميد",): "brigadier",
    ("العقيد",): "colonel",
    ("المقدم",): "lieutenant-colonel",
    ("الرائد",): "major",
    ("النقيب",): "captain",
    ("الملازم",): "lieutenant",
    ("الرقيب",): "sergeant",
    ("العريف",): "corporal",
    ("الجندي",): "soldier",
    ("الدكتور",): "doctor",
    ("د",): "doctor",
    ("المهندس",): "engineer",
}
# Honorific address words that may stand between a title and a name.
HONORIFICS = frozenset(
    {"معالي", "سمو", "صاحب", "السمو", "الملكي", "فخامه", "سعاده", "دوله", "جلاله", "سماحه"}
)
# Words inside a personal name that do not end it.
NAME_PARTICLES = frozenset({"بن", "بنت", "ابن", "ال", "ابو", "ابي", "عبد", "ام", "ولد", "اخو"})


def _words(text: str) -> list[str]:
    return text.split()


# Words that end a name or are never part of one: function words, verbs, and the nouns a
# title or a verb takes as its complement (رئيس فريق التنظيم، بحثا أوجه التعاون): bodies and
# teams, and the aspects, ways and fields of what is discussed; the dual past of the verbs of
# meeting and talks (بحثا، ناقشا: the two sides discussed) and «during it» (خلاله).
STOPWORDS = frozenset(
    _words(
        """
    في من الي الى علي على عن مع ان انه انها التي الذي الذين اللذين وذلك كما حيث بعد قبل
    خلال امس اليوم يوم لدي لدى عند حول بين ضد بشان منذ حتي حتى او ام ثم لا لم لن قد كان
    كانت يكون هذا هذه ذلك تلك هو هي هم نحو عبر اثناء لقد وقد فقد اذ اذا الا غير كل بعض
    اي ايضا وهو وهي وفق وفقا خلف امام فوق تحت جانب نيابه عنه عنها فيه فيها منه منها اليه
    اليها عليه عليها له لها معه معها والذي والتي ولدي بدعوه برفقه يرافقه يرافقها يرافقهم
    بحضور وسط اكد اكدت قال قالت اعلن اعلنت استقبل التقي زار وصل غادر وقع بحث ناقش
    مجلس هيئة قسم حفل لجنة إدارة مركز وزارة جامعة شركة مؤسسة معهد فريق وفد جمعية اتحاد
    منظمة مكتب فيما آفاق أوجه سبل مجالات يبحث يستقبل بحثا ناقشا استعرضا تناولا تبادلا
    اكدا عقدا التقيا خلاله خلالها خلالهما ما ماذا اللتين
    يلتقي يزور يرأس اعتبارا ابتداء بدءا يا لكم لهم لنا لكن لكنه
"""
    )
)
AGREEMENT_NOUNS = re.compile(
    word_key(
        r"(?:اتفاق|الاتفاق|اتفاقيه|الاتفاقيه|اتفاقيات|الاتفاقيات|اتفاقيتين|مذكره|مذكرات|بروتوكول"
        r"|اتفاقات|الاتفاقات|البروتوكول|معاهده|المعاهده|اعلان|الاعلان|ميثاق|الميثاق|عقد|العقد|عقدا|قرار|القرار)"
    )
)


def _normalized(table: dict[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
    return {tuple(word_key(w) for w in key): value for key, value in table.items()}


OFFICE_HEADS = _normalized(OFFICE_HEADS)
RANKS = _normalized(RANKS)
CONSTRUCT_HEADS = _normalized(CONSTRUCT_HEADS)
HONORIFICS = frozenset(word_key(w) for w in HONORIFICS)
NAME_PARTICLES = frozenset(word_key(w) for w in NAME_PARTICLES)
STOPWORDS = frozenset(word_key(w) for w in STOPWORDS)
