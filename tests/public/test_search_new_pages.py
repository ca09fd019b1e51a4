"""A parent's everyday words find each of the seven parents' pages added for the domain
audit (legal steps, conference complaints, minutes, other parents, older children,
unborn babies, family group conferences) in the top three results, in every language,
through the phrasings of content/<lang>/search.yaml."""

import pytest

from tests.public.test_search_everyday import found, top

ASKED = {
    "legal-steps": {
        "en": "what is a letter before proceedings",
        "pl": "dostałam pismo przed wszczęciem postępowania",
        "ro": "am primit o scrisoare înainte de proces",
        "pt": "recebi uma carta antes do processo",
        "ur": "کارروائی سے پہلے خط ملا",
        "ar": "وصلتني رسالة قبل الإجراءات",
        "bn": "মামলার আগের চিঠি পেয়েছি",
    },
    "conference-complaints": {
        "en": "how do I appeal the conference decision",
        "pl": "jak złożyć odwołanie od decyzji",
        "ro": "cum contest decizia",
        "pt": "quero recorrer da decisão",
        "ur": "فیصلے کو چیلنج کیسے کریں",
        "ar": "أريد الاعتراض على القرار",
        "bn": "সিদ্ধান্তের বিরুদ্ধে আপত্তি করতে চাই",
    },
    "conference-records": {
        "en": "there is a mistake in the minutes",
        "pl": "błąd w protokole",
        "ro": "greșeală în procesul-verbal",
        "pt": "há um erro na ata",
        "ur": "میٹنگ کے نوٹس میں غلطی",
        "ar": "خطأ في المحضر",
        "bn": "কার্যবিবরণীতে ভুল আছে",
    },
    "other-parents": {
        "en": "I am the dad and we are separated",
        "pl": "tata nie mieszka z dzieckiem",
        "ro": "sunt tatăl și suntem separați",
        "pt": "sou o pai e estamos separados",
        "ur": "میں والد ہوں اور علیحدہ رہتا ہوں",
        "ar": "أنا الأب ونحن منفصلان",
        "bn": "আমি বাবা, আলাদা থাকি",
    },
    "older-children": {
        "en": "my son is 17",
        "pl": "syn ma 17 lat",
        "ro": "fiul meu are 17 ani",
        "pt": "o meu filho tem 17 anos",
        "ur": "میرا بیٹا 17 سال کا ہے",
        "ar": "ابني عمره 17 سنة",
        "bn": "আমার ছেলের বয়স 17 বছর",
    },
    "unborn-babies": {
        "en": "pre-birth conference",
        "pl": "jestem w ciąży",
        "ro": "sunt însărcinată",
        "pt": "estou grávida",
        "ur": "میں حاملہ ہوں",
        "ar": "أنا حامل",
        "bn": "আমি গর্ভবতী",
    },
    "family-group-conferences": {
        "en": "can we have a family group conference",
        "pl": "narada rodzinna",
        "ro": "întâlnirea familiei",
        "pt": "reunião de grupo familiar",
        "ur": "فیملی گروپ کانفرنس",
        "ar": "اجتماع العائلة الموسعة",
        "bn": "পারিবারিক সভা",
    },
}
CASES = [(slug, lang, query) for slug, by_lang in ASKED.items() for lang, query in by_lang.items()]


@pytest.mark.parametrize(("slug", "lang", "query"), CASES)
def test_a_parents_words_find_the_new_page_in_the_top_three(client, slug, lang, query):
    hrefs = top(client, lang, query)
    assert found(hrefs, lang, f"/parents/{slug}"), hrefs


def test_every_new_page_is_named_in_every_languages_search_words(app):
    library = app.extensions["content"]
    for lang in app.config["PORTAL_LANGUAGES"]:
        pages = {page.split("#")[0] for t in library.search_words[lang].topics for page in t.pages}
        assert {f"/parents/{slug}" for slug in ASKED} <= pages, lang
