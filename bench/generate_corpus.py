"""Write N synthetic civic-policy news articles (400–900 words each) for graphkit's benchmark.

Every word comes from this file's own templates and lexicons (invented towns, people, offices, vendors,
contracts and verbs), so corpora of 100, 1,000 or 10,000 articles can be made and shared without any
copyrighted text. The same ``--seed`` always writes the same corpus. The pool of towns, and with it of
people and organisations, grows with N (one town per 25 articles), so that entity resolution faces more
distinct entities in a bigger corpus, as it would in a real archive.

Usage::

    python bench/generate_corpus.py OUT_DIR --n 1000 [--seed 7]

Examples:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> paths = write_corpus(out, 3, seed=1)
    >>> len(paths), sorted(p.suffix for p in out.iterdir())[:2]
    (3, ['.json', '.json'])
    >>> all(400 <= len(p.read_text().split()) <= 900 for p in paths)
    True
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

__all__ = ["Town", "article", "make_towns", "write_corpus"]


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


FIRST = _words(
    "Ana Tom Rosa Malik Priya Daniel Keisha Luis Marta Owen Ingrid Samuel Alma Victor Nadia Gregory Lena Hector "
    "Farah Walter Celeste Jamal Irene Rafael Dolores Curtis Yvonne Andre Beatriz Louis Miriam Theo Gloria Desmond "
    "Harriet Felix Rosalind Omar Agnes Marcus Teresa Calvin Noreen Ramon Wilma Julian Odette Silas Bernadette Ezra "
    "Lydia Franklin Soraya Nolan Estelle Ivan Maxine Rupert Camila Dennis Paloma Grant Lucia Vernon Esther Reggie"
)
LAST = _words(
    "Ruiz Hale Okafor Lindqvist Patel Moreau Brennan Castillo Whitfield Nakamura Delgado Abernathy Kowalski "
    "Osei Harrington Vasquez Thornbury Mbeki Caldwell Fitzgerald Sandoval Pruitt Achebe Holloway Marchetti "
    "Reyes Gallagher Eriksen Kimura Bankole Lockhart Petrova Duarte Whitcombe Ferreira Hollis Ngata Ballard "
    "Quintero Ashdown Mwangi Sorensen Tavares Lyle Okonkwo Pemberton Salazar Grimshaw Adeyemi Corbett Haddad "
    "Villanueva Stroud Oyelaran Kessler Montoya Blackwood Iwu Renfrew Cardenas Ellery Dunmore Yilmaz Fairbanks"
)
TOWN_HEAD = _words(
    "Ash Birch Cedar Elm Fox Glen Hazel Iron Juniper Kings Lark Maple North Oak Pine Quarry Raven Silver Stone "
    "Thorn Upper Willow Brook Clear Deer Fair Green High Lake Mill"
)
TOWN_TAIL = _words("field ford haven ton ville wood dale burg port ridge mont crest bury view water side gate land")
VENDORS = _words(
    "Sentinel Analytics|Brightline Systems|Corvid Technologies|Northgate Solutions|Axiom Data Group|"
    "Halcyon Labs|Ridgeback Security|Clearview Networks|Meridian Systems|Tessellate Technologies|Lumen Group|"
    "Keystone Data Partners|Vantage Point Solutions|Harbor Signal Labs|Atlas Forensic Systems"
    "|",
)
PRODUCTS = _words(
    "license plate readers|gunshot detection sensors|facial recognition software|body-worn cameras|"
    "a predictive policing platform|cell-site simulators|a real-time crime center|drones|"
    "a social media monitoring tool|automated speed cameras|a records-sharing database"
    "|",
)
AGENCIES = (
    ("U.S. Immigration and Customs Enforcement", "ICE"),
    ("U.S. Customs and Border Protection", "CBP"),
    ("Federal Bureau of Investigation", "FBI"),
    ("U.S. Department of Justice", "DOJ"),
    ("U.S. Department of Homeland Security", "DHS"),
    ("Drug Enforcement Administration", "DEA"),
)
GROUP_HEAD = _words("Justice|Privacy|Immigrant Rights|Civil Liberties|Neighbors|Families|Tenants|Open Government", "|")
GROUP_TAIL = _words("Coalition|Project|Alliance|Network|Forum|Collective|Campaign|Council", "|")
PAPERS = ("Ledger", "Courier", "Gazette", "Record", "Tribune", "Post", "Herald", "Sentinel")
CONTRACT_VERBS = ("signed", "renewed", "approved", "extended")
STANCE_VERBS = ("criticized", "condemned", "opposed", "denounced", "praised", "defended", "backed")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


@dataclass(frozen=True, slots=True)
class Town:
    """A town of the synthetic corpus with its officials and its local organisations."""

    name: str
    county: str
    mayor: str
    chief: str
    sheriff: str
    council: tuple[str, str, str]
    advocate: str
    group: str
    vendor: str
    product: str
    agency: tuple[str, str]
    paper: str


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def make_towns(count: int, *, seed: int = 7) -> list[Town]:
    """``count`` distinct towns, each with its own officials (the same seed gives the same towns)."""
    rng = random.Random(seed)
    names = [h + t for h in TOWN_HEAD for t in TOWN_TAIL]
    rng.shuffle(names)
    towns = []
    for i in range(count):
        name = names[i % len(names)] + (
            "" if i < len(names) else f" {('North', 'South', 'East', 'West')[i // len(names) % 4]}"
        )
        county = f"{rng.choice(TOWN_HEAD)}{rng.choice(TOWN_TAIL)} County"
        towns.append(
            Town(
                name=name,
                county=county,
                mayor=_person(rng),
                chief=_person(rng),
                sheriff=_person(rng),
                council=(_person(rng), _person(rng), _person(rng)),
                advocate=_person(rng),
                group=f"{name} {rng.choice(GROUP_HEAD)} {rng.choice(GROUP_TAIL)}",
                vendor=rng.choice(VENDORS),
                product=rng.choice(PRODUCTS),
                agency=rng.choice(AGENCIES),
                paper=f"The {name} {rng.choice(PAPERS)}",
            )
        )
    return towns


# Paragraph templates: {placeholders} are filled from the town and the story's facts.
LEAD = (
    "{town} Mayor {mayor} {cverb} a ${amount} contract with {vendor} on {weekday} for {product}, a purchase the "
    "{group} has fought for months. The agreement runs through {end_date}, according to a copy of the contract "
    "obtained by {paper}.",
    "The {town} City Council voted {votes} on {weekday} to approve a ${amount} contract with {vendor} for "
    "{product}, despite objections from residents who packed the chamber for more than three hours. Council "
    "Member {council0} cast the deciding vote.",
    "Police Chief {chief} has asked the {town} City Council to renew the department's agreement with {vendor}, "
    "which supplies {product} to the {town} Police Department under a contract worth ${amount} a year.",
)
BODY = (
    '"{quote_support}" {mayor} said in an interview. "We owe it to every family in {town} to use the tools that '
    'work, and we will publish every number so people can judge for themselves."',
    '{advocate}, an organizer with the {group}, said the coalition would keep pressing the council. "{quote_oppose}" '
    "{advocate_last} said.",
    "{advocate_last} said that the department had shared data with {agency_short} without telling the council, "
    "and that the city had never audited how long the records were kept.",
    "{chief_last} denied that the department had shared any records with {agency}. The chief said the "
    "department follows a written policy that limits who can search the system and for what purpose.",
    "Sheriff {sheriff} of {county} met with Mayor {mayor_last} on {weekday} to discuss a joint agreement that "
    "would let deputies use the same system. The sheriff's office already works with {agency_short} under a "
    "separate agreement, a spokesperson said.",
    "Council Member {council1} criticized the contract, saying the city had skipped the competitive bidding "
    "that its own purchasing rules require for any purchase above $50,000. {council1_last} asked the city "
    "attorney for a written opinion before the next vote.",
    'Council Member {council2} defended the purchase. "{quote_support}" {council2_last} said at the meeting. '
    "{council2_last} said the program had helped detectives close cases that had gone cold for years.",
    "The {group} filed a lawsuit against the City of {town} in {month}, arguing that the city violated its own "
    "surveillance ordinance by buying {product} without a public hearing. The case is pending in {county} "
    "Circuit Court.",
    "{vendor} did not respond to a request for comment. On its website, the company says its products are used "
    "by more than 300 police departments and that it does not sell the data it collects.",
    "Records obtained by {paper} show that the {town} Police Department ran more than {searches} searches of the "
    "system last year, most of them for stolen cars. About one in ten searches listed no reason at all, the "
    "records show.",
    "{mayor_last} accused the coalition of spreading fear about a program that, the mayor said, had never been "
    "used to target anyone for their immigration status. The {group} disputes that claim.",
    "In {month}, {agency} awarded the {town} Police Department a ${grant} grant to expand the program, according "
    "to a federal notice. The city council accepted the grant without debate.",
    "The {town} Police Department signed a data-sharing agreement with {agency} in {year}. Under its terms, "
    "officers can query federal databases from the same terminals they use for the local system.",
    "{advocate_last} and about {crowd} supporters rallied outside {town} City Hall on {weekday}, carrying signs "
    'that read "{slogan}". Several speakers said they had stopped reporting crimes because they feared the '
    "data would reach {agency_short}.",
    "Chief {chief_last} told the council that the department would publish a quarterly report listing how often "
    'the system was searched and how many of those searches led to an arrest. "{quote_support}" the chief said.',
    "The {county} Board of Commissioners is expected to take up a similar contract next month. Commissioners "
    "have said they want to see {town}'s first year of results before they decide.",
)
FILLER = (
    "The debate in {town} mirrors arguments in dozens of other cities, where councils have weighed the promise "
    "of new technology against the fear that it will be used to watch people who have done nothing wrong. "
    "Supporters point to faster investigations and fewer unsolved cases. Critics point to errors, to the cost "
    "and to the ease with which data collected for one purpose ends up used for another.",
    "Residents who spoke at the hearing were divided. A retired teacher said she felt safer knowing that the "
    "police had more tools. A small business owner said the cameras near his shop had helped recover stolen "
    "equipment. Others said the money would be better spent on mental health services, youth programs and "
    "street lighting, which they said would prevent crime rather than record it.",
    "The city's budget office estimates that the program will cost about ${amount} over its first three years, "
    "including maintenance, training and data storage. That figure does not include the staff time needed to "
    "review footage and respond to public records requests, which the office said it could not yet estimate.",
    "State law does not require cities to hold a public hearing before buying surveillance technology, though "
    "a bill that would do so has stalled in committee for two sessions. A handful of cities have adopted their "
    "own ordinances requiring council approval and annual reports on how such systems are used.",
    "The council meeting, which began at six in the evening, stretched past midnight as more than eighty people "
    "signed up to speak. Many of them had never addressed the council before. Some read prepared statements; "
    "others spoke about relatives, neighbors and friends who they said had been stopped or questioned.",
    "Experts who study policing technology say the evidence on such systems is mixed. Some studies have found "
    "modest gains in clearance rates for certain crimes, while others have found no measurable effect. Most "
    "agree that the rules governing access to the data matter as much as the technology itself.",
)
QUOTES_SUPPORT = (
    "This is about solving crimes faster and bringing people home safely",
    "The data stays here, it is audited, and it is used for one purpose only",
    "Every officer who uses this system is trained and every search is logged",
)
QUOTES_OPPOSE = (
    "Nobody in this neighborhood asked for more cameras on their street",
    "Once the data exists, it will be shared, and our families will pay the price",
    "The council is spending our money on watching us instead of helping us",
)
SLOGANS = ("Data, Not Deportations", "Our Streets, Our Privacy", "No Secret Surveillance")
MONTHS = _words("January February March April May June July August September October November December")


def _last(name: str) -> str:
    return name.rsplit(" ", 1)[1]


def _facts(town: Town, rng: random.Random, published: date) -> dict[str, str]:
    end = published + timedelta(days=rng.randint(200, 900))
    return {
        "town": town.name, "county": town.county, "mayor": town.mayor, "mayor_last": _last(town.mayor),
        "chief": town.chief, "chief_last": _last(town.chief), "sheriff": town.sheriff,
        "council0": town.council[0], "council1": town.council[1], "council1_last": _last(town.council[1]),
        "council2": town.council[2], "council2_last": _last(town.council[2]),
        "advocate": town.advocate, "advocate_last": _last(town.advocate), "group": town.group,
        "vendor": town.vendor, "product": town.product, "agency": town.agency[0], "agency_short": town.agency[1],
        "paper": town.paper, "amount": f"{rng.randint(80, 2400) * 1000:,}", "grant": f"{rng.randint(50, 900) * 1000:,}",
        "votes": rng.choice(("5-4", "6-3", "7-2", "4-3")), "weekday": rng.choice(WEEKDAYS),
        "cverb": rng.choice(CONTRACT_VERBS), "end_date": f"{MONTHS[end.month - 1]} {end.day}, {end.year}",
        "month": rng.choice(MONTHS), "year": str(published.year - rng.randint(1, 4)),
        "searches": f"{rng.randint(2, 90) * 1000:,}", "crowd": str(rng.randint(3, 20) * 10),
        "quote_support": rng.choice(QUOTES_SUPPORT), "quote_oppose": rng.choice(QUOTES_OPPOSE),
        "slogan": rng.choice(SLOGANS),
    }  # fmt: skip


def _title(facts: dict[str, str], rng: random.Random) -> str:
    return rng.choice(
        (
            "{town} moves ahead with {vendor} contract despite opposition",
            "{group} sues {town} over {product}",
            "Council splits over {product} as {town} weighs renewal",
        )
    ).format(**facts)


def article(town: Town, index: int, *, seed: int = 7) -> tuple[str, dict[str, str]]:
    """The text (a headline, then paragraphs) and the metadata of article ``index`` about ``town``."""
    rng = random.Random(f"{seed}-{index}")
    published = date(2018, 1, 1) + timedelta(days=rng.randint(0, 2500))
    facts = _facts(town, rng, published)
    target = rng.randint(430, 860)
    title = _title(facts, rng)
    paragraphs = [rng.choice(LEAD).format(**facts)]
    body = list(BODY)
    rng.shuffle(body)
    fillers = list(FILLER)
    rng.shuffle(fillers)
    words = len(title.split()) + len(paragraphs[0].split())
    while words < target and (body or fillers):
        pool = body if body and (not fillers or rng.random() < 0.7) else fillers
        paragraph = pool.pop().format(**facts)
        if words + len(paragraph.split()) > 890:
            break
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48]
    paper = town.paper.removeprefix("The ").lower().replace(" ", "")
    meta = {
        "id": f"{paper}-{published.isoformat()}-{slug}-{index:05d}",
        "title": title,
        "publisher": town.paper,
        "published": published.isoformat(),
        "url": f"https://example.org/{paper}/{published:%Y/%m/%d}/{slug}",
    }
    return "\n\n".join([title, *paragraphs]) + "\n", meta


def write_corpus(out: str | Path, n: int, *, seed: int = 7) -> list[Path]:
    """Write ``n`` articles (``<id>.txt`` + ``<id>.meta.json``) into ``out``; returns the text files."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    towns = make_towns(max(4, n // 25), seed=seed)
    paths = []
    for i in range(n):
        text, meta = article(towns[i % len(towns)], i, seed=seed)
        path = out / f"{meta['id']}.txt"
        path.write_text(text, encoding="utf-8")
        (out / f"{meta['id']}.meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to write the articles into")
    parser.add_argument("--n", type=int, default=100, help="number of articles (default 100)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.n, seed=args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"wrote {len(paths)} articles ({words:,} words) to {args.out}")


if __name__ == "__main__":
    main()
