//! Themes, contrast and trend on hand-made comment sets.

use super::*;
use crate::api::ErrorCode;
use crate::report::Grain;

/// 2026-03-02, a Monday, in days since 1970-01-01.
const MONDAY: i32 = 20_514;

/// Twenty detractors on a slow, late delivery; "parcel" is in two of them only.
const DELIVERY: [(u8, &str); 20] = [
    (2, "Delivery was slow and the parcel came late."),
    (3, "Slow delivery, my order arrived a week late."),
    (1, "The delivery was late again and so slow."),
    (4, "Late delivery and nobody told me why it was so slow."),
    (5, "Deliveries are always slow and often late."),
    (6, "My order was delivered late, shipping is slow."),
    (2, "Slow, slow delivery. The parcel arrived late and damaged."),
    (3, "Delivery took forever, slow and late."),
    (0, "Why is delivery so slow? It came late."),
    (4, "Late again. Delivery is too slow."),
    (5, "The delivery was slow and late for the second time."),
    (6, "Delivered late and the tracking was slow to update."),
    (2, "Very slow delivery, late by three days."),
    (3, "Delivery was late and slow."),
    (1, "Slow and late delivery every single time."),
    (4, "The delivery is slow, everything arrives late."),
    (5, "Late, slow delivery ruined the gift."),
    (2, "Delivery slow as always and late."),
    (3, "Deliveries keep coming late and slow."),
    (6, "Slow, late delivery."),
];

/// Twenty promoters on helpful support.
const SUPPORT: [(u8, &str); 20] = [
    (10, "Customer service was really helpful."),
    (9, "Helpful customer service, they solved my problem."),
    (10, "The support team was helpful and friendly."),
    (9, "Support was quick and helpful."),
    (10, "Very helpful support staff."),
    (9, "Customer service answered quickly and was helpful."),
    (10, "Helpful support, thank you!"),
    (10, "Support helped me right away, so helpful."),
    (9, "Friendly and helpful customer service."),
    (10, "The support was helpful when I had a question."),
    (9, "Helpful people in customer service."),
    (10, "Great support, very helpful."),
    (9, "Support is always helpful."),
    (10, "Customer service was helpful and kind."),
    (9, "Helpful answers from support every time."),
    (10, "So helpful, the support team fixed it in minutes."),
    (9, "Customer service is patient and helpful."),
    (10, "Helpful and fast support."),
    (9, "Really helpful customer service team."),
    (10, "Support was helpful from start to finish."),
];

/// Everything else: 4 promoters, 7 passives, 1 detractor.
const OTHERS: [(u8, &str); 12] = [
    (8, "Good prices but the website is confusing."),
    (7, "Prices are fair."),
    (9, "Great prices and great quality."),
    (8, "The website could be easier to use."),
    (10, "Great product, I love it."),
    (7, "Product quality is fine."),
    (9, "Love the product."),
    (8, "Nice product, fair price."),
    (7, "The website is slow at times."),
    (6, "Too expensive for what it is."),
    (8, "Good quality overall."),
    (9, "Great value for money."),
];

/// The English set: delivery (comments 0–19), support (20–39), others (40–51), one a day
/// from [`MONDAY`].
fn english() -> Corpus {
    let all = DELIVERY.iter().chain(&SUPPORT).chain(&OTHERS);
    Corpus::new(all.zip(MONDAY..).map(|(&(score, text), day)| Comment {
        text,
        language: Language::English,
        score,
        day,
    }))
}

/// One comment of each of `comments`, on [`MONDAY`].
fn corpus(comments: &[(Language, u8, &str)]) -> Corpus {
    Corpus::new(comments.iter().map(|&(language, score, text)| Comment {
        text,
        language,
        score,
        day: MONDAY,
    }))
}

fn everything(corpus: &Corpus) -> Vec<u32> {
    (0..corpus.len() as u32).collect()
}

fn theme_with<'a>(themes: &'a [Theme], term: &str) -> Option<&'a Theme> {
    themes.iter().find(|theme| theme.terms.iter().any(|shown| shown == term))
}

fn custom(name: &str, keywords: &[&str]) -> CustomTheme {
    CustomTheme {
        name: name.to_owned(),
        keywords: keywords.iter().map(|&keyword| keyword.to_owned()).collect(),
    }
}

/// The overall tally of the English set's answers: its comments' (24 promoters, 7 passives,
/// 21 detractors) and 16 answers without a comment (8, 4, 4).
const OVERALL: Tally = Tally { promoters: 32, passives: 11, detractors: 25 };

#[test]
fn a_term_is_a_stem_shown_as_its_most_written_form() {
    let corpus = english();
    let shown: Vec<&str> = corpus.terms.iter().map(|term| term.shown.as_str()).collect();
    // delivery, deliveries and delivered: one term, shown as the most written.
    assert!(shown.contains(&"delivery"));
    assert!(!shown.contains(&"deliveries") && !shown.contains(&"delivered"));
    // helpful, and helped once.
    assert!(shown.contains(&"helpful") && !shown.contains(&"helped"));
    assert!(shown.contains(&"customer service") && shown.contains(&"slow delivery"));
    for stop_word in ["the", "was", "and", "so", "is"] {
        assert!(!shown.contains(&stop_word), "{stop_word}");
    }
}

#[test]
fn themes_group_what_is_written_together() {
    let corpus = english();
    let themes = corpus.themes(&everything(&corpus), &CustomThemes::default(), &OVERALL);

    let delivery = theme_with(&themes, "delivery").unwrap();
    assert_eq!(delivery.origin, Origin::Found(Language::English));
    assert!(
        delivery.terms.iter().any(|term| term == "slow") && delivery.terms.iter().any(|term| term == "late")
    );
    assert!(!delivery.terms.iter().any(|term| term == "helpful" || term == "parcel"));
    // The twenty delivery comments, and the passive's slow website.
    assert_eq!(delivery.comments, (0..20).chain([48]).collect::<Vec<u32>>());

    let support = theme_with(&themes, "helpful").unwrap();
    assert_eq!(support.name, "helpful / support / customer service");
    assert!(!support.terms.iter().any(|term| term == "slow" || term == "delivery"));
    assert_eq!(support.comments, (20..40).collect::<Vec<u32>>());
    assert_eq!(support.tally, Tally { promoters: 20, ..Tally::default() });

    // The two big themes lead; rarer ones follow, and "parcel" (2 comments) is none.
    assert_eq!([themes[0].comments.len(), themes[1].comments.len()], [21, 20]);
    assert!(themes.len() <= THEMES_MAX);
    assert!(theme_with(&themes, "parcel").is_none());
    assert!(themes.iter().all(|theme| theme.comments.len() >= MIN_COMMENTS as usize));
    // "time" is in 4 comments, 2 of them on a slow delivery ("the second time"): the same
    // theme by another name. "quality" (3) shares one comment with "prices": its own.
    assert!(theme_with(&themes, "time").is_none());
    assert!(theme_with(&themes, "quality").is_some());
}

#[test]
fn a_theme_has_its_nps_interval_and_weight() {
    let corpus = english();
    let delivery: Vec<u32> = (0..20).collect();
    let themes = corpus.themes(&delivery, &CustomThemes::default(), &OVERALL);
    let theme = theme_with(&themes, "delivery").unwrap();
    assert_eq!(theme.tally, Tally { detractors: 20, ..Tally::default() });
    // n = 23, p = 0.75 / 23, d = 20.75 / 23, NPS = −0.869565, variance = p + d − NPS² =
    // 0.178639, standard error = 0.088131, reach = 0.172733: −104.23 (cut to −100) to −69.68.
    let (lower, upper) = theme.tally.interval().unwrap();
    assert_eq!(lower, -100.0);
    assert!((upper + 69.6833).abs() < 0.001, "{upper}");
    // Overall 32 promoters, 11 passives, 25 detractors: (32 − 25) / 68 = +10.2941. Without
    // the 20 detractors: (32 − 5) / 48 = +56.25.
    assert_eq!(theme.without, Tally { promoters: 32, passives: 11, detractors: 5 });
}

#[test]
fn no_answers_left_without_a_theme_means_no_change_to_tell() {
    let corpus = english();
    let support: Vec<u32> = (20..40).collect();
    let all_of_them = Tally { promoters: 20, ..Tally::default() };
    let themes = corpus.themes(&support, &CustomThemes::default(), &all_of_them);
    assert_eq!(theme_with(&themes, "helpful").unwrap().without.nps(), None);
}

#[test]
fn examples_are_the_newest_readable_comments() {
    let corpus = english();
    let themes = corpus.themes(&(0..20).collect::<Vec<u32>>(), &CustomThemes::default(), &OVERALL);
    // Comment 19 is newer but has three words.
    assert_eq!(theme_with(&themes, "delivery").unwrap().examples, [18, 17, 16]);
}

#[test]
fn filters_recount_the_themes() {
    let corpus = english();
    // The promoters only: no delivery theme.
    let promoters: Vec<u32> =
        (0..corpus.len() as u32).filter(|&comment| corpus.scores[comment as usize] >= 9).collect();
    let themes = corpus.themes(&promoters, &CustomThemes::default(), &OVERALL);
    assert!(theme_with(&themes, "delivery").is_none());
    assert_eq!(theme_with(&themes, "helpful").unwrap().comments.len(), 20);
    // Nothing selected, nothing found.
    assert!(corpus.themes(&[], &CustomThemes::default(), &Tally::default()).is_empty());
}

#[test]
fn detractors_and_promoters_have_their_own_words() {
    let corpus = english();
    let contrast = corpus.contrast(&everything(&corpus));
    let detractors: Vec<&str> = contrast.detractors.iter().map(|typical| typical.term.as_str()).collect();
    let promoters: Vec<&str> = contrast.promoters.iter().map(|typical| typical.term.as_str()).collect();
    assert!(detractors.contains(&"slow") && detractors.contains(&"late"), "{detractors:?}");
    assert!(promoters.contains(&"helpful"), "{promoters:?}");
    assert!(!detractors.contains(&"helpful") && !promoters.contains(&"slow"));
    // Two detractors wrote "parcel": too few to call it typical.
    assert!(!detractors.contains(&"parcel"));
    for typical in contrast.detractors.iter().chain(&contrast.promoters) {
        assert!(typical.z >= 1.96, "{typical:?}");
    }
    let slow = &contrast.detractors[detractors.iter().position(|&term| term == "slow").unwrap()];
    assert_eq!((slow.detractors, slow.promoters), (20, 0));
    assert!(contrast.detractors.windows(2).all(|pair| pair[0].z >= pair[1].z));
}

#[test]
fn the_contrast_follows_the_published_formula() {
    // Two terms, each in its own side's comments: "slow" in 3 detractors', "kind" in 1
    // promoter's, and "fine" in 1 passive's. Detractor mentions n_d = 3, promoter n_p = 1,
    // prior α_slow = 3, α_0 = 5. δ = ln((3 + 3) / (3 + 5 − 6)) − ln((0 + 3) / (1 + 5 − 3))
    // = ln 3 − ln 1 = 1.0986; σ² = 1/6 + 1/3 = 0.5; z = 1.0986 / 0.7071 = 1.5537: below 1.96.
    let comments = [(1, "slow"), (2, "slow"), (3, "slow"), (10, "kind"), (7, "fine")]
        .map(|(score, text)| (Language::English, score, text));
    let few = corpus(&comments);
    assert_eq!(few.contrast(&everything(&few)), Contrast::default());
    // Ten times as many: δ = ln(60 / 20) − ln(30 / 30) = 1.0986, σ² = 1/60 + 1/30 = 0.05,
    // z = 1.098612 / 0.223607 = 4.9131.
    let many =
        corpus(&comments.iter().flat_map(|&comment| std::iter::repeat_n(comment, 10)).collect::<Vec<_>>());
    let contrast = many.contrast(&everything(&many));
    assert_eq!(contrast.detractors.len(), 1);
    assert!((contrast.detractors[0].z - 4.9131).abs() < 0.0001, "{:?}", contrast.detractors);
}

#[test]
fn without_both_sides_there_is_no_contrast() {
    let corpus = english();
    assert_eq!(corpus.contrast(&(20..40).collect::<Vec<u32>>()), Contrast::default());
}

/// A comment or three in each language; delivery in 0, 1, 3, 4, 6, 7, 9, 10, 12 and 13,
/// customer service in 2, 5, 11 and 14.
const WORLD: [(Language, u8, &str); 15] = [
    (Language::French, 3, "Les livraisons sont toujours lentes."),
    (Language::French, 4, "La livraison est arrivée en retard."),
    (Language::French, 9, "Le service client est très aimable."),
    (Language::Dutch, 2, "De leveringen waren traag."),
    (Language::Dutch, 5, "Levering te laat."),
    (Language::Dutch, 10, "Goede klantenservice."),
    (Language::Afrikaans, 3, "Die aflewerings was baie stadig."),
    (Language::Afrikaans, 4, "Aflewering het te lank gevat."),
    (Language::Afrikaans, 9, "Vriendelike diens."),
    (Language::Hebrew, 2, "המשלוח היה איטי מאוד."),
    (Language::Hebrew, 3, "משלוחים תמיד מגיעים באיחור."),
    (Language::Hebrew, 10, "שירות לקוחות מעולה."),
    (Language::English, 1, "Shipping took ages."),
    (Language::English, 2, "Deliveries are slow."),
    (Language::English, 10, "Great customer service."),
];

#[test]
fn marketers_themes_match_their_keywords_in_every_language() {
    let corpus = corpus(&WORLD);
    let defined = [
        custom("Delivery", &["delivery", "shipping", "livraison", "levering", "aflewering", "משלוח"]),
        custom(
            "Customer service",
            &["customer service", "service client", "klantenservice", "diens", "שירות לקוחות"],
        ),
    ];
    let custom = CustomThemes::new(&corpus, &defined);
    let themes = corpus.themes(&everything(&corpus), &custom, &Tally::default());
    assert_eq!(themes[0].name, "Delivery");
    assert_eq!(themes[0].origin, Origin::Custom);
    assert_eq!(themes[0].terms, defined[0].keywords);
    assert_eq!(themes[0].comments, [0, 1, 3, 4, 6, 7, 9, 10, 12, 13]);
    assert_eq!(themes[1].comments, [2, 5, 8, 11, 14]);
    // A filter keeps a marketer's theme, with the comments it keeps.
    let french = corpus.themes(&[0, 2], &custom, &Tally::default());
    assert_eq!((french[0].comments.as_slice(), french[1].comments.as_slice()), (&[0][..], &[2][..]));
}

#[test]
fn a_keyword_of_several_words_matches_them_in_order() {
    let corpus = corpus(&[
        (Language::English, 9, "Customer service was great."),
        (Language::English, 9, "The customer service team helped."),
        (Language::English, 3, "Service to the customer was poor."),
        (Language::English, 8, "Easy to use, and the customers' service desk is kind."),
        (Language::English, 9, "So easy to use!"),
        (Language::English, 4, "Use is not easy."),
    ]);
    let defined = [custom("Service", &["customer service"]), custom("Ease", &["Easy to use"])];
    let custom = CustomThemes::new(&corpus, &defined);
    let themes = corpus.themes(&everything(&corpus), &custom, &Tally::default());
    assert_eq!(themes[0].comments, [0, 1, 3]);
    assert_eq!(themes[1].comments, [3, 4]);
}

#[test]
fn marketers_themes_take_precedence() {
    let corpus = english();
    let custom = CustomThemes::new(&corpus, &[custom("Delivery", &["delivery"])]);
    let themes = corpus.themes(&everything(&corpus), &custom, &OVERALL);
    assert_eq!(themes[0].comments, (0..20).collect::<Vec<u32>>());
    // "slow / late" is left: 20 of its 21 comments are the marketer's Delivery, so it goes.
    let found = &themes[1..];
    assert!(found.iter().all(|theme| matches!(theme.origin, Origin::Found(_))));
    assert!(theme_with(found, "delivery").is_none() && theme_with(found, "slow").is_none());
    assert!(theme_with(found, "helpful").is_some());
}

#[test]
fn a_found_theme_keeps_to_one_language() {
    let corpus = corpus(&[
        (Language::English, 9, "Great service and a great team."),
        (Language::English, 10, "Great service."),
        (Language::English, 9, "Service was great."),
        (Language::French, 3, "Service lent."),
        (Language::French, 4, "Un service très lent."),
        (Language::French, 2, "Service client lent."),
    ]);
    let themes = corpus.themes(&everything(&corpus), &CustomThemes::default(), &Tally::default());
    let english = themes.iter().find(|theme| theme.origin == Origin::Found(Language::English)).unwrap();
    let french = themes.iter().find(|theme| theme.origin == Origin::Found(Language::French)).unwrap();
    assert_eq!((english.comments.as_slice(), french.comments.as_slice()), (&[0, 1, 2][..], &[3, 4, 5][..]));
    assert!(
        english.terms.iter().any(|term| term == "great") && french.terms.iter().any(|term| term == "lent")
    );
}

#[test]
fn a_themes_trend_follows_the_weeks() {
    let corpus = english();
    let all = everything(&corpus);
    let themes = corpus.themes(&all, &CustomThemes::default(), &OVERALL);
    let delivery = theme_with(&themes, "delivery").unwrap();
    let weeks = corpus.trend(&delivery.comments, &all, MONDAY..MONDAY + 52, Grain::Week);
    // 52 comments, one a day from a Monday: seven weeks of 7 and one of 3. Delivery is
    // comments 0–19 and 48 (the seventh week's last day).
    assert_eq!(weeks.iter().map(|week| week.comments).collect::<Vec<_>>(), [7, 7, 7, 7, 7, 7, 7, 3]);
    assert_eq!(weeks.iter().map(|week| week.tally.total()).collect::<Vec<_>>(), [7, 7, 6, 0, 0, 0, 1, 0]);
    assert_eq!(weeks[2].start_day, MONDAY + 14);
    assert!((weeks[2].share().unwrap() - 600.0 / 7.0).abs() < 1e-9);
    assert_eq!(weeks[0].tally, Tally { detractors: 7, ..Tally::default() });
    assert_eq!(corpus.trend(&delivery.comments, &all, MONDAY..MONDAY + 52, Grain::Month).len(), 2);
}

#[test]
fn a_marketers_themes_follow_the_rules() {
    let valid = [custom("Delivery", &["delivery", "livraison", "easy to use"])];
    assert_eq!(validate_themes(&valid), Ok(()));
    let refusal = |themes: &[CustomTheme]| validate_themes(themes).unwrap_err();
    let too_many = vec![valid[0].clone(); crate::limits::CUSTOM_THEMES_MAX + 1];
    assert_eq!(refusal(&too_many).code, ErrorCode::TooMany);
    assert_eq!(refusal(&[custom(" ", &["delivery"])]).code, ErrorCode::Required);
    assert_eq!(refusal(&[custom(&"x".repeat(61), &["delivery"])]).code, ErrorCode::TooLong);
    assert_eq!(refusal(&[custom("Delivery", &[])]).code, ErrorCode::Required);
    let keywords = vec!["delivery"; crate::limits::THEME_KEYWORDS_MAX + 1];
    assert_eq!(refusal(&[custom("Delivery", &keywords)]).code, ErrorCode::TooMany);
    assert_eq!(refusal(&[custom("Delivery", &["de\u{7}livery"])]).code, ErrorCode::ControlCharacter);
    // Numbers and punctuation are no words.
    let common = refusal(&[custom("Delivery", &["delivery", "42 !"])]);
    assert_eq!((common.code, common.field), (ErrorCode::Required, "themes"));
    assert!(common.message.starts_with("themes[0].keywords[1]"), "{}", common.message);
}

#[test]
fn hebrew_themes_keep_shipping_apart_from_the_board() {
    let corpus = corpus(&[
        (Language::Hebrew, 3, "משלוח איטי, הגיע באיחור."),
        (Language::Hebrew, 2, "המשלוח היה איטי מאוד."),
        (Language::Hebrew, 1, "משלוחים איטיים תמיד."),
        (Language::Hebrew, 4, "במשלוח הזה הכול איטי."),
        (Language::Hebrew, 2, "והמשלוח עוד איטי."),
        (Language::Hebrew, 9, "לוח הזמנים באתר נוח."),
        (Language::Hebrew, 10, "הלוח באתר נוח וברור."),
        (Language::Hebrew, 9, "בלוח באתר רואים הכול."),
    ]);
    let themes = corpus.themes(&everything(&corpus), &CustomThemes::default(), &Tally::default());
    // Shipping's five forms are one term, shown as first written, and apart from the board.
    let shipping = theme_with(&themes, "משלוח").unwrap();
    assert_eq!(shipping.comments, [0, 1, 2, 3, 4]);
    assert!(shipping.terms.iter().any(|term| term == "איטי"), "{:?}", shipping.terms);
    let board = theme_with(&themes, "לוח").unwrap();
    assert_eq!(board.comments, [5, 6, 7]);
}

#[test]
fn hebrew_terms_keep_real_words_and_meet_at_their_singulars() {
    let corpus = corpus(&[
        (Language::Hebrew, 3, "שאלה פשוטה ואף אחד לא ענה."),
        (Language::Hebrew, 2, "השאלה שלי נשארה בלי תשובה."),
        (Language::Hebrew, 4, "שלחתי שאלה ושאלה נוספת, שלא נענו."),
        (Language::Hebrew, 9, "זמנים קצרים, הכל הגיע בזמן."),
        (Language::Hebrew, 10, "זמן משלוח קצר וחבילות שלמות."),
        (Language::Hebrew, 9, "החבילה הגיעה בזמן ושלמה."),
        (Language::Hebrew, 8, "חבילה שלמה, הזמן היה קצר."),
    ]);
    let comments = |word| corpus.postings.get(corpus.stem_term(Language::Hebrew, word).unwrap()).to_vec();
    // A question is no "that" before "these", even after "and"; times meet at time, parcels
    // at parcel.
    assert_eq!(comments("שאלה"), [0, 1, 2]);
    assert_eq!(comments("זמן"), [3, 4, 5, 6]);
    assert_eq!(comments("חבילה"), [4, 5, 6]);
    let shown: Vec<&str> = corpus.terms.iter().map(|term| term.shown.as_str()).collect();
    for stop_word in ["שלא", "הכל", "לא", "שלי"] {
        assert!(!shown.contains(&stop_word), "{stop_word}");
    }
    // A marketer's "questions" finds them too, and a keyword across a stop word finds it
    // after a comma and a stop word: one gap stands for both.
    let themes = [custom("Questions", &["שאלות"]), custom("Quick", &["קצרים הכל הגיע"])];
    let custom = CustomThemes::new(&corpus, &themes);
    assert_eq!(custom.themes[0].comments, [0, 1, 2]);
    assert_eq!(custom.themes[1].comments, [3]);
}
