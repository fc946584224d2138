"""Synthetic inputs for the benchmark and the limit tests, deterministic for a seed.

* `news_article`, `write_corpus`: wire copy with the texture of real news (datelines, curly
  quotes, em dashes, U.S. and Feb., titles, pronouns, numbers) and its density: most
  sentences name no codebook actor; briefs of 80-250 words and long articles of
  600-1,500 words.
* `html_page`: an article inside a news page's boilerplate (navigation, related links,
  comments), for the extraction benchmark.
* `long_article`, `synthetic_cues`: one very long article and large cue lists, from texts.
* `tiled_dataset`: a large statements table from a small coded one, for analysis at scale.
"""

from __future__ import annotations

import csv
import html
import random
from pathlib import Path

import numpy as np
import pandas as pd

PEOPLE = [  # (first mention, later mentions, pronoun)
    ("U.S. President Donald Trump", "Trump", "He"),
    ("Defense Secretary Pete Hegseth", "Hegseth", "He"),
    ("Russian President Vladimir Putin", "Putin", "He"),
    ("Ukrainian President Volodymyr Zelensky", "Zelensky", "He"),
    ("Secretary of State Marco Rubio", "Rubio", "He"),
    ("Kremlin spokesman Dmitry Peskov", "Peskov", "He"),
    ("French President Emmanuel Macron", "Macron", "He"),
    ("British Prime Minister Keir Starmer", "Starmer", "He"),
    ("NATO Secretary General Mark Rutte", "Rutte", "He"),
    ("special envoy Steve Witkoff", "Witkoff", "He"),
    ("Vice President JD Vance", "Vance", "He"),
    ("Russian Foreign Minister Sergei Lavrov", "Lavrov", "He"),
]
CLAIMS = [
    "NATO membership for Ukraine was unrealistic",
    "talks to end the war should begin without delay",
    "the minerals deal would be signed within days",
    "Europe must take responsibility for its own security",
    "new sanctions on Russia were needed to force Moscow to the table",
    "U.S. military aid to Kyiv would continue",
    "a ceasefire was within reach",
    "returning to Ukraine’s pre-2014 borders was an illusionary goal",
    "American troops would not be deployed to Ukraine",
    "relations between Washington and Moscow could improve",
    "the sanctions should be lifted once a deal was reached",
    "Kyiv would never give up territory in exchange for peace",
]
QUOTES = [
    "We want peace, and we want it now",
    "Nobody is going to sign a bad deal",
    "The sanctions will stay until Russia pulls back",
    "Europe has to step up — there is no other way",
    "It was a long and very productive call",
    "We are not there yet, but we are closer than we were in Feb.",
    "Ukraine will not be a bargaining chip",
]
FIRST_MENTIONS = [  # an actor's first mention in an article is in full
    "{full} said on {month} {day} that {claim}.",
    "{full} told reporters at the White House that {claim}.",
    "In an interview on {month} {day}, {full} said {claim}.",
    "“{quote},” said {full}, speaking in {city}.",
]
LATER_MENTIONS = [
    "“{quote},” {short} told reporters.",
    "{pronoun} added that {claim}, according to two officials familiar with the talks.",
    "{short} wrote on social media that {claim} — a view several allies do not share.",
    "According to a readout of the call, {short} said {claim}.",
    "“{quote}.” {pronoun} did not elaborate.",
]
FILLER = [
    "Markets in Asia closed mixed on {month} {day}, with oil up {pct}% after a quiet session.",
    "The U.S. dollar rose against the euro — its third gain in a row — as traders waited.",
    "Officials in Brussels said the meeting would run late into the evening.",
    "Heavy snow closed roads near the border, and rail services were cut back.",
    "The city council approved a budget of ${num} million for new bridges and schools.",
    "Analysts at the bank expect growth of {pct}% next year, down from earlier forecasts.",
    "Farmers in the region said prices for grain had fallen by a third since {month}.",
    "A spokeswoman for the ministry declined to comment on the report.",
    "The summit, first planned for {month}, was moved twice because of scheduling.",
    "Turnout in the local elections was {pct}%, the lowest in a decade.",
    "Dr. Maria Lopez, an economist at the institute, said the figures were “not alarming.”",
    "Shares of the company fell {pct}% in early trading in New York.",
    "The delegation arrived at 9 a.m. local time; talks began an hour later.",
    "Mr. Novak, who has led the agency since {year}, is expected to step down in {month}.",
    "About {thousands},000 people attended the rally, police said.",
    "The report, which runs to {num} pages, was published on {month} {day}.",
    "Gen. Ortiz (ret.) said the exercise had been planned for months.",
    "In a statement, the company said it “remains committed” to the project.",
    "Rain is expected across the U.K. and northern France through the weekend.",
    "The minister — speaking after a two-hour cabinet meeting — gave no timetable.",
    "Prices at the pump rose for the {nth} week in a row, the association said.",
    "The court will hear the case on {month} {day}; a ruling is not expected before {year2}.",
]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct."]
CITIES = [
    ("WASHINGTON", "Washington"), ("MOSCOW", "Moscow"), ("KYIV, Ukraine", "Kyiv"),
    ("BRUSSELS", "Brussels"), ("LONDON", "London"), ("PARIS", "Paris"),
    ("RIYADH, Saudi Arabia", "Riyadh"), ("MUNICH, Germany", "Munich"),
]  # fmt: skip
SOURCES = ["Wire", "Daily Ledger", "The Courier", "Evening Post", "Capital Times"]
ACTOR_SHARE = 0.15  # of sentences; real news mostly names no codebook actor


def _fill(rng: random.Random) -> dict[str, object]:
    return {
        "month": rng.choice(MONTHS),
        "day": rng.randint(1, 28),
        "pct": round(rng.uniform(0.1, 9.9), 1),
        "num": rng.randint(2, 900),
        "thousands": rng.randint(2, 90),
        "year": rng.randint(2009, 2022),
        "year2": rng.randint(2026, 2028),
        "nth": rng.choice(["second", "third", "fourth", "fifth"]),
    }


def _sentence(rng: random.Random, person: tuple[str, str, str], named: bool) -> str:
    fill = _fill(rng)
    if rng.random() >= ACTOR_SHARE:
        return rng.choice(FILLER).format(**fill).replace("..", ".")
    full, short, pronoun = person
    sentence = rng.choice(LATER_MENTIONS if named else FIRST_MENTIONS).format(
        full=full,
        short=short,
        pronoun=pronoun,
        claim=rng.choice(CLAIMS),
        quote=rng.choice(QUOTES),
        city=rng.choice(CITIES)[1],
        **fill,
    )
    return sentence.replace("..", ".")  # "in Feb.." at a sentence end


def news_article(rng: random.Random) -> tuple[str, str]:
    """(title, text): a brief of 80-250 words or a long article of 600-1,500 words."""
    words = rng.randint(80, 250) if rng.random() < 0.5 else rng.randint(600, 1500)
    cast = rng.sample(PEOPLE, rng.randint(1, 3))
    named: set[str] = set()
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(1, 4)):
            person = rng.choice(cast)
            sentence = _sentence(rng, person, person[1] in named)
            if person[0] in sentence:
                named.add(person[1])
            sentences.append(sentence)
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    paragraphs[0] = f"{rng.choice(CITIES)[0]} ({rng.choice(SOURCES)}) — {paragraphs[0]}"
    claim = rng.choice(CLAIMS)
    title = claim[0].upper() + claim[1:]
    return title, title + "\n\n" + "\n\n".join(paragraphs)


def write_corpus(folder: Path, mb: float, *, seed: int = 0) -> tuple[int, float]:
    """Write articles as .txt files with a manifest.csv until `mb` MB; return (articles, MB)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    rows, size = [], 0
    while size < mb * 1e6:
        title, text = news_article(rng)
        name = f"{len(rows):07d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        published = f"2025-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
        rows.append((name, title, published, rng.choice(SOURCES), ""))
        size += len(text.encode())
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "title", "published", "source", "url"])
        writer.writerows(rows)
    return len(rows), size / 1e6


def html_page(title: str, text: str, n: int) -> str:
    """The article as a news site's page: navigation, byline, related links and comments."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n")[1:])
    related = "".join(f'<li><a href="/story/{n + k}">Story {n + k}</a></li>' for k in range(1, 6))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Wire</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="article:published_time" content="2025-02-{n % 28 + 1:02d}T09:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<main><article><h1>{html.escape(title)}</h1><p class="byline">By Staff Reporter</p>
{body}
</article>
<aside><h2>Related</h2><ul>{related}</ul></aside>
<section id="comments"><h2>Comments</h2><p>Great story, reader {n} wrote.</p></section>
</main><footer>© 2025 Wire. All rights reserved.</footer></body></html>
"""


def long_article(texts: list[str], size: int, *, seed: int = 0) -> str:
    """The texts, shuffled anew each round, joined as paragraphs and cut to `size` characters."""
    rng, parts, length = random.Random(seed), [], 0
    while length < size:
        order = texts[:]
        rng.shuffle(order)
        parts += order
        length += sum(len(t) + 2 for t in order)
    return "\n\n".join(parts)[:size].strip()


def synthetic_cues(texts: list[str], n: int, *, seed: int = 1) -> list[str]:
    """Word pairs and triples from the texts' own words; some with a stem, some with a gap."""
    rng = random.Random(seed)
    words = sorted({w.strip(".,;:“”\"'’()").lower() for t in texts for w in t.split()})
    words = [w for w in words if w.isalpha()]
    cues = []
    for _ in range(n):
        cue = [rng.choice(words) for _ in range(rng.choice((2, 2, 3)))]
        roll = rng.random()
        if roll < 0.2:
            cue[-1] = cue[-1][: max(2, len(cue[-1]) - 2)] + "*"
        elif roll < 0.3:
            cue.insert(1, "...")
        cues.append(" ".join(cue))
    return cues


def tiled_dataset(
    statements: pd.DataFrame, articles: pd.DataFrame, rows: int, *, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(statements, articles) of `rows` statements: copies of the coded articles, each copy
    with its own ids and a publication date spread over three years. Each article's text
    is cut down to the evidence its statements quote (offsets moved to match), so that a
    million statements come with a few hundred MB of text, not gigabytes."""
    statements, articles = _coded_parts(statements, articles)
    copies = -(-rows // max(1, len(statements)))
    days = np.random.default_rng(seed).integers(0, 3 * 365, size=copies)

    def tile(frame: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
        copy = np.repeat(np.arange(copies), len(frame))
        tiled = frame.iloc[np.tile(np.arange(len(frame)), copies)].reset_index(drop=True)
        prefix = pd.Series(np.char.mod("%06x", copy), dtype="str")
        for name in ids:  # the first hex digits of an id give way to the copy's number
            tiled[name] = prefix + tiled[name].astype("str").str.slice(6)
        tiled["doc_id"] = prefix + "/" + tiled["doc_id"].astype("str")
        published = pd.Timestamp("2023-01-01") + pd.to_timedelta(days[copy], unit="D")
        tiled["published"] = published.astype("datetime64[s]")
        return tiled

    tiled_statements = tile(statements, ["statement_id", "article_id"]).iloc[:rows]
    tiled_articles = tile(articles, ["article_id"])
    coded = tiled_articles["article_id"].isin(tiled_statements["article_id"].unique())
    return tiled_statements, tiled_articles[coded].reset_index(drop=True)


def _coded_parts(
    statements: pd.DataFrame, articles: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles cut to their statements' evidence, joined by blank lines; offsets to match."""
    statements = statements.reset_index(drop=True).copy()
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    starts = statements["evidence_start"].to_numpy().copy()
    cut = {}
    for article_id, group in statements.groupby("article_id", observed=True):
        spans: list[list[int]] = []  # the evidence spans, overlapping ones merged
        for start, end in sorted(zip(group["evidence_start"], group["evidence_end"], strict=True)):
            if spans and start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        text, moved = texts[article_id], []
        pieces, length = [], 0
        for start, end in spans:
            moved.append((start, length - start))
            pieces.append(text[start:end])
            length += end - start + 2
        cut[article_id] = "\n\n".join(pieces)
        for row, start in zip(group.index, group["evidence_start"], strict=True):
            starts[row] = start + next(shift for begin, shift in reversed(moved) if begin <= start)
    lengths = statements["evidence_end"] - statements["evidence_start"]
    statements["evidence_start"] = starts.astype("int32")
    statements["evidence_end"] = (starts + lengths).astype("int32")
    articles = articles[articles["article_id"].isin(cut)].reset_index(drop=True)
    articles["text"] = articles["article_id"].map(cut).astype("str")
    articles["n_chars"] = articles["text"].str.len().astype("int32")
    return statements, articles
