"""Everyday searches, as families type them, with the top result for each.

Ten queries per language: questions in a parent's own words, slips of spelling, words the
guides do not use (lawyer, unborn, kinship) and words typed without their accents or
Arabic article. Prints, per query, the number of results, the first result's address and
title, and any spelling correction the page offered.

    python bench/search_queries.py [--lang en] [--markdown]
"""

import argparse
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = {
    "en": [
        "will they take my child",
        "my child was taken into care",
        "confrence",
        "negelct",
        "neglet",
        "unborn",
        "kinship",
        "lawyer",
        "social services",
        "how long does a plan last",
    ],
    "pl": [
        "adwokat",
        "odebranie dziecka",
        "czy zabiorą mi dziecko",
        "konfrencja",
        "zaniedbnie",
        "sad",
        "prawnik",
        "jak dlugo trwa plan",
        "tlumacz",
        "opieka społeczna",
    ],
    "ro": [
        "avocat",
        "imi iau copilul",
        "conferinta",
        "neglijre",
        "instanta",
        "asistent social",
        "cat dureaza planul",
        "interpret",
        "copil nenascut",
        "plangere",
    ],
    "ur": [
        "وکیل",
        "منصوبہ کتنی دیر تک چلتا ہے",
        "کیا وہ میرا بچہ لے جائیں گے",
        "کانفرس",
        "عدالت",
        "غفلت",
        "سوشل ورکر",
        "ترجمان",
        "شکایت",
        "پیدائش سے پہلے",
    ],
    "ar": [
        "محكمة",
        "المحكمة",
        "محامي",
        "هل سيأخذون طفلي",
        "اجتماع",
        "اهمال",
        "الاخصائي الاجتماعي",
        "كم تستمر الخطة",
        "مترجم",
        "شكوي",
    ],
    "bn": [
        "উকিল",
        "আদালত",
        "সভা",
        "অবহেলা",
        "ওরা কি আমার সন্তান নিয়ে যাবে",
        "সমাজকর্মী",
        "পরিকল্পনা কতদিন চলে",
        "দোভাষী",
        "অভিযোগ",
        "অবহলা",
    ],
    "pt": [
        "advogado",
        "vão levar o meu filho",
        "reuniao",
        "negligencia",
        "neglijencia",
        "tribunal",
        "assistente social",
        "quanto tempo dura o plano",
        "interprete",
        "bebé por nascer",
    ],
}


def top_results(client, lang: str, query: str) -> tuple[int, str, str, str]:
    html = client.get(f"/{lang}/search", query_string={"q": query}).get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    links = soup.select(".portal-search-results h2 a")
    corrected = soup.select_one(".portal-search-corrected")
    note = corrected.get_text(" ", strip=True) if corrected else ""
    if not links:
        return 0, "", "", note
    first = links[0]
    return len(links), first["href"], first.get_text(" ", strip=True), note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(QUERIES), action="append")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()

    from portal import create_app
    from tests.conftest import migrated, test_settings

    with tempfile.TemporaryDirectory() as instance:
        app = migrated(create_app(test_settings(Path(instance))))
        client = app.test_client()
        if args.markdown:
            print("| lang | query | results | top result | correction |")
            print("|---|---|---|---|---|")
        found = total = 0
        for lang in args.lang or QUERIES:
            for query in QUERIES[lang]:
                count, href, title, note = top_results(client, lang, query)
                total += 1
                found += bool(count)
                if args.markdown:
                    top = f"`{href}` {title}" if count else "—"
                    print(f"| {lang} | {query} | {count} | {top} | {note} |")
                else:
                    top = f"{href}  {title}" if count else "(no results)"
                    extra = f"  [{note}]" if note else ""
                    print(f"{lang}  {query!r:40}  {count:2}  {top}{extra}")
        print(f"\n{found} of {total} queries found something")


if __name__ == "__main__":
    main()
