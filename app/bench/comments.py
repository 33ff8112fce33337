"""Synthetic comments for the results benchmark's themes, in Pulse's five languages.

A comment is one to four sentences in its answer's language: sentences on topics (delivery,
support, price, quality, website, returns), glad or unhappy as the score is, and sentences
on nothing in particular, with a long tail of rare words (product codes, names, typing
slips), so that the vocabulary grows with the comments as real ones do. Lengths run from
two words to over a hundred, most between 5 and 40.
"""

import random

# Per language: per topic, sentences of unhappy and of glad respondents; then sentences on
# nothing in particular, and words that open or close a sentence.
TOPICS = {
    "en": {
        "delivery": (
            ["Delivery was slow and the parcel came late", "My order arrived a week late", "Shipping took forever",
             "The delivery was late again", "Slow delivery, nobody told me why", "The courier lost my parcel"],
            ["Fast delivery, it came the next day", "Delivery was quick and on time", "Shipping was fast",
             "The parcel arrived early and well packed"],
        ),
        "support": (
            ["Customer service never answered my emails", "Support was rude and unhelpful",
             "I waited an hour on the phone for support", "Nobody in customer service could help me"],
            ["Customer service was really helpful", "The support team was friendly and quick",
             "Support solved my problem in minutes", "Helpful and patient customer service"],
        ),
        "price": (
            ["Too expensive for what it is", "Prices went up again", "The shipping costs are far too high"],
            ["Great value for money", "Fair prices and good discounts", "Cheaper than the other shops"],
        ),
        "quality": (
            ["The product broke after two weeks", "Poor quality, the fabric tore", "The size was wrong and it feels cheap"],
            ["Great quality, I love it", "The product is solid and well made", "Excellent quality for the price"],
        ),
        "website": (
            ["The website is confusing and slow", "Checkout kept failing on my phone", "I could not find the search"],
            ["The website is easy to use", "Checkout was quick and simple", "Easy to find what I needed"],
        ),
        "returns": (
            ["Returning the item was a nightmare", "I am still waiting for my refund", "The return label never came"],
            ["Returns were easy and free", "The refund came in two days", "Returning was painless"],
        ),
    },
    "fr": {
        "livraison": (
            ["La livraison était lente et le colis est arrivé en retard", "Ma commande est arrivée avec une semaine de retard",
             "Livraison trop lente", "Le livreur a perdu mon colis"],
            ["Livraison rapide, reçu le lendemain", "La livraison était rapide et à l'heure", "Colis bien emballé et arrivé vite"],
        ),
        "service": (
            ["Le service client ne répond jamais", "Le service client était désagréable", "J'ai attendu une heure au téléphone"],
            ["Le service client est très aimable", "L'équipe du service client a résolu mon problème", "Service client rapide et efficace"],
        ),
        "prix": (
            ["Trop cher pour ce que c'est", "Les prix ont encore augmenté", "Les frais de port sont trop élevés"],
            ["Très bon rapport qualité prix", "Des prix corrects et de bonnes promotions", "Moins cher qu'ailleurs"],
        ),
        "qualité": (
            ["Le produit s'est cassé après deux semaines", "Mauvaise qualité, le tissu s'est déchiré"],
            ["Excellente qualité, j'adore", "Le produit est solide et bien fait"],
        ),
        "site": (
            ["Le site est compliqué et lent", "Le paiement a échoué plusieurs fois sur mon téléphone"],
            ["Le site est facile à utiliser", "Commande simple et rapide sur le site"],
        ),
    },
    "nl": {
        "levering": (
            ["De levering was traag en het pakket kwam te laat", "Mijn bestelling kwam een week te laat",
             "Levering duurde veel te lang", "De bezorger is mijn pakket kwijtgeraakt"],
            ["Snelle levering, de volgende dag in huis", "Levering was snel en op tijd", "Pakket goed verpakt en snel geleverd"],
        ),
        "klantenservice": (
            ["De klantenservice reageert nooit", "Klantenservice was onvriendelijk", "Een uur gewacht aan de telefoon"],
            ["Goede klantenservice, snel geholpen", "De klantenservice was vriendelijk en behulpzaam"],
        ),
        "prijs": (
            ["Te duur voor wat het is", "De verzendkosten zijn veel te hoog"],
            ["Prima prijs kwaliteit verhouding", "Goede prijzen en mooie aanbiedingen"],
        ),
        "kwaliteit": (
            ["Het product ging na twee weken kapot", "Slechte kwaliteit, de stof scheurde"],
            ["Uitstekende kwaliteit", "Het product is stevig en mooi afgewerkt"],
        ),
        "website": (
            ["De website is onduidelijk en traag", "Betalen lukte niet op mijn telefoon"],
            ["De website is makkelijk in gebruik", "Bestellen ging snel en eenvoudig"],
        ),
    },
    "af": {
        "aflewering": (
            ["Die aflewering was baie stadig en die pakkie het laat gekom", "My bestelling het 'n week laat aangekom",
             "Aflewering het te lank gevat", "Die koerier het my pakkie verloor"],
            ["Vinnige aflewering, die volgende dag ontvang", "Aflewering was vinnig en betyds"],
        ),
        "diens": (
            ["Die kliëntediens antwoord nooit", "Die diens was onvriendelik", "Ek het 'n uur op die foon gewag"],
            ["Vriendelike diens en vinnige hulp", "Die kliëntediens was baie behulpsaam"],
        ),
        "prys": (
            ["Te duur vir wat dit is", "Die pryse het weer gestyg"],
            ["Goeie waarde vir geld", "Billike pryse en goeie afslag"],
        ),
        "kwaliteit": (
            ["Die produk het na twee weke gebreek", "Swak kwaliteit, die materiaal het geskeur"],
            ["Uitstekende kwaliteit", "Die produk is sterk en mooi gemaak"],
        ),
    },
    "he": {
        "משלוח": (
            ["המשלוח היה איטי מאוד והחבילה הגיעה באיחור", "ההזמנה שלי הגיעה באיחור של שבוע", "המשלוח לקח יותר מדי זמן",
             "השליח איבד את החבילה שלי"],
            ["משלוח מהיר, הגיע למחרת", "המשלוח היה מהיר ובזמן", "החבילה הגיעה ארוזה היטב"],
        ),
        "שירות": (
            ["שירות הלקוחות אף פעם לא עונה", "שירות הלקוחות היה לא נעים", "חיכיתי שעה בטלפון"],
            ["שירות לקוחות מעולה ומהיר", "הנציגה בשירות הלקוחות עזרה לי מאוד"],
        ),
        "מחיר": (
            ["יקר מדי בשביל מה שזה", "המחירים עלו שוב", "דמי המשלוח גבוהים מדי"],
            ["תמורה מצוינת למחיר", "מחירים הוגנים והנחות טובות"],
        ),
        "איכות": (
            ["המוצר נשבר אחרי שבועיים", "איכות ירודה, הבד נקרע"],
            ["איכות מעולה, אני מאוד אוהבת", "המוצר חזק ועשוי היטב"],
        ),
    },
}

# Sentences on nothing in particular, and fillers that open sentences.
OTHER = {
    "en": (["I bought a gift for my sister", "This was my third order", "I found you through a friend",
            "Will see next time", "Nothing special to add", "I ordered the blue one in size M"],
           ["Honestly", "Overall", "To be fair", "Well", "Sadly", "Also"]),
    "fr": (["J'ai acheté un cadeau pour ma sœur", "C'était ma troisième commande", "Rien de spécial à ajouter"],
           ["Honnêtement", "Dans l'ensemble", "Bref", "Malheureusement"]),
    "nl": (["Ik kocht een cadeau voor mijn zus", "Dit was mijn derde bestelling", "Verder niets bijzonders"],
           ["Eerlijk gezegd", "Al met al", "Helaas", "Ook"]),
    "af": (["Ek het 'n geskenk vir my suster gekoop", "Dit was my derde bestelling", "Niks verder nie"],
           ["Eerlik gesê", "Oor die algemeen", "Ongelukkig"]),
    "he": (["קניתי מתנה לאחותי", "זו ההזמנה השלישית שלי", "אין לי מה להוסיף"],
           ["בכנות", "בסך הכל", "לצערי"]),
}

SYLLABLES = {
    "en": ["ka", "lo", "mi", "ter", "son", "ber", "gal", "pre", "sto", "van", "del", "rin"],
    "fr": ["cha", "lé", "mou", "ron", "tis", "vé", "gau", "pli", "ber", "son"],
    "nl": ["kla", "ver", "stoe", "pen", "dijk", "hof", "bree", "lin", "gaar"],
    "af": ["kla", "wer", "stoe", "pie", "dorp", "hof", "bree", "lin", "kie"],
    "he": ["של", "מו", "רי", "בן", "גל", "דו", "נת", "קר", "זי"],
}


def rare_word(rng, language):
    """A word seldom written twice: a product code, a name, a slip of the keyboard."""
    kind = rng.random()
    if kind < 0.3:
        return f"{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}-{rng.randint(100, 9999)}"
    return "".join(rng.choice(SYLLABLES[language]) for _ in range(rng.randint(2, 4)))


def comment(rng, language, score):
    """A comment in `language` from a respondent who gave `score` (1-10)."""
    topics = TOPICS[language]
    other, openers = OTHER[language]
    glad = score >= 9 or (score >= 7 and rng.random() < 0.6)
    sentences = []
    for _ in range(rng.choices([1, 2, 3, 4, 6, 10], [30, 30, 18, 10, 8, 4])[0]):
        if rng.random() < 0.75:
            unhappy, happy = topics[rng.choice(list(topics))]
            sentence = rng.choice(happy if glad else unhappy)
        else:
            sentence = rng.choice(other)
        if rng.random() < 0.2:
            sentence = f"{rng.choice(openers)}, {sentence[0].lower()}{sentence[1:]}"
        if rng.random() < 0.15:
            sentence += " " + " ".join(rare_word(rng, language) for _ in range(rng.randint(1, 3)))
        sentences.append(sentence)
    # A few comments are a word.
    if rng.random() < 0.08:
        return sentences[0].split()[0].strip(",") + rng.choice(["!", ".", ""])
    return ". ".join(sentences) + rng.choice([".", "!", "", "..."])
