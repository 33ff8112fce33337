"""Makes synthetic answers for the results benchmark, as a history to import.

Usage: python3 seed.py DATABASE_FILE SURVEY_ID COUNT ANSWERS_FILE [COMMENTS]

Writes COUNT answers to ANSWERS_FILE, in JSON Lines for `pulse-server responses import`,
and two displays per answer straight into the impressions table that pulse-server created
(its migrations ran first), in one transaction: the import takes answers only, and going
through the HTTP API would take minutes and measure the wrong thing. The answers spread
over the last 365 days, with a realistic mix of scores, ratings, pages, languages and one
low-cardinality attribute. COMMENTS of them (spread evenly, default none) carry a comment in
their language, from comments.py.
"""

import datetime
import json
import random
import sqlite3
import sys
import time
import uuid

from comments import comment

DAY_MS = 86_400_000
PAGES = ["/", "/pricing", "/checkout", "/help", "/blog", "/account", "/search", "/cart"]
LANGUAGES = ["en", "en", "en", "fr", "nl", "af", "he"]
PLANS = ["free", "pro", "team"]
COMMITMENT = ["affective", "normative", "economic", "forced", "habitual"]
# Weights of scores 1..10, shaped like a typical retail survey (NPS around +20).
SCORE_WEIGHTS = [3, 2, 3, 3, 6, 6, 10, 15, 22, 30]


def main(path, survey_id, count, answers_path, comments=0):
    random.seed(42)
    # Comments draw from their own generator, so that the answers are the same with or without.
    comment_rng = random.Random(7)
    every = count // comments if comments else 0
    now = int(time.time() * 1000)
    start = now - 365 * DAY_MS
    step = (now - start) // count
    impressions = []
    with open(answers_path, "w") as answers:
        for i in range(count):
            at = start + i * step
            commitment = dict(zip(COMMITMENT, [random.choice([None, 1, 2, 3, 4, 5]) for _ in COMMITMENT]))
            answer = {
                "id": str(uuid.UUID(int=random.getrandbits(128), version=4)),
                "nps": random.choices(range(1, 11), SCORE_WEIGHTS)[0],
                "usability": random.choice([None, 1, 2, 3, 4, 4, 5, 5]),
                "commitment": {key: value for key, value in commitment.items() if value is not None},
                "repeat_purchases": random.choice([None, random.randint(0, 10)]),
                "language": random.choice(LANGUAGES),
                "page": random.choice(PAGES),
                "attributes": {"plan": random.choice(PLANS)},
                "created_at": datetime.datetime.fromtimestamp(at / 1000, datetime.timezone.utc)
                .isoformat(timespec="milliseconds")
                .replace("+00:00", "Z"),
            }
            if every and i % every == 0:
                answer["comment"] = comment(comment_rng, answer["language"], answer["nps"])
            answers.write(json.dumps({key: value for key, value in answer.items() if value is not None}) + "\n")
            impressions.append((survey_id, at, "en", random.choice(PAGES)))
            impressions.append((survey_id, at + 1, "en", random.choice(PAGES)))
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    with db:
        db.executemany("INSERT INTO impressions (survey_id, shown_at, language, page) VALUES (?, ?, ?, ?)", impressions)
    db.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], *map(int, sys.argv[5:6]))
