"""Fills a Pulse SQLite database with synthetic answers for the results benchmark.

Usage: python3 seed.py DATABASE_FILE SURVEY_ID COUNT

Writes straight into the tables that pulse-server created (its migrations ran first), in
one transaction: going through the HTTP API would take minutes and measure the wrong thing.
The answers spread over the last 365 days, with a realistic mix of scores, ratings,
pages, languages and one low-cardinality attribute.
"""

import random
import sqlite3
import sys
import time
import uuid

DAY_MS = 86_400_000
PAGES = ["/", "/pricing", "/checkout", "/help", "/blog", "/account", "/search", "/cart"]
LANGUAGES = ["en", "en", "en", "fr", "nl", "af", "he"]
PLANS = ["free", "pro", "team"]
# Weights of scores 1..10, shaped like a typical retail survey (NPS around +20).
SCORE_WEIGHTS = [3, 2, 3, 3, 6, 6, 10, 15, 22, 30]


def main(path, survey_id, count):
    random.seed(42)
    now = int(time.time() * 1000)
    start = now - 365 * DAY_MS
    step = (now - start) // count
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    responses, attributes, impressions = [], [], []
    for i in range(count):
        answer_id = str(uuid.UUID(int=random.getrandbits(128), version=4))
        at = start + i * step
        score = random.choices(range(1, 11), SCORE_WEIGHTS)[0]
        usability = random.choice([None, 1, 2, 3, 4, 4, 5, 5])
        commitment = [random.choice([None, 1, 2, 3, 4, 5]) for _ in range(5)]
        repeat = random.choice([None, random.randint(0, 10)])
        responses.append(
            (answer_id, survey_id, score, usability, at, at, *commitment, repeat,
             random.choice(LANGUAGES), random.choice(PAGES))
        )
        attributes.append((answer_id, "plan", random.choice(PLANS)))
        impressions.append((survey_id, at, "en", random.choice(PAGES)))
        impressions.append((survey_id, at + 1, "en", random.choice(PAGES)))
    with db:
        db.executemany(
            "INSERT INTO responses (id, survey_id, nps, usability, created_at, updated_at,"
            " commitment_affective, commitment_normative, commitment_economic, commitment_forced,"
            " commitment_habitual, repeat_purchases, language, page)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            responses,
        )
        db.executemany("INSERT INTO response_attributes (response_id, key, value) VALUES (?, ?, ?)", attributes)
        db.executemany("INSERT INTO impressions (survey_id, shown_at, language, page) VALUES (?, ?, ?, ?)", impressions)
    db.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
