//! The Themes section: why customers score as they do, from what they write. The survey's
//! comments are downloaded and read ([`Corpus`]) only once the marketer opens the section;
//! every filter change then recounts the themes, the contrast and the trend from that
//! reading, in Wasm, without asking the server again.

mod contrast;
mod custom;
mod list;
mod trend;

use std::ops::Range;
use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::admin::StoredResponse;
use pulse_core::comments::Comments;
use pulse_core::feed::{LANGUAGE_PREFIX, NO_SEGMENT, PAGE_PREFIX};
use pulse_core::nps::Tally;
use pulse_core::report::{Filter, Grain};
use pulse_core::themes::{Comment, Contrast, Corpus, CustomTheme, CustomThemes, Theme};

use super::{timed, OnDemand};
use crate::api::{self, Failure};
use crate::session::Session;
use contrast::ContrastLists;
use custom::CustomThemesEditor;
use list::ThemeList;
use trend::ThemeTrend;

/// The survey's comments as read once, and its own themes as they were then.
pub struct Reading {
    pub comments: Comments,
    pub corpus: Corpus,
    pub custom: Vec<CustomTheme>,
}

/// What the themes of the comments the filters keep come to.
#[derive(Clone, PartialEq)]
pub struct Figures {
    /// The comments the filters keep, ascending.
    pub selection: Vec<u32>,
    pub themes: Vec<Theme>,
    pub contrast: Contrast,
}

/// The section's state, which the comment list shares to show one theme's comments.
#[derive(Clone, Copy)]
pub struct Themes {
    /// Set once the section is first opened (or the address names a theme): only then
    /// are the comments downloaded.
    requested: RwSignal<bool>,
    reading: LocalResource<Option<Result<Arc<Reading>, Failure>>>,
    /// The survey's own themes as an admin saved them on this page, over the reading's.
    saved: RwSignal<Option<Vec<CustomTheme>>>,
    figures: Memo<Option<Figures>>,
    /// The tally of every answer the filters keep, which themes' effects compare with.
    overall: Memo<Tally>,
}

impl Themes {
    /// `filter` picks answers by the ids of `segments`, the results feed's dictionary.
    pub fn new(
        survey_id: String,
        filter: Memo<Filter>,
        segments: Arc<Vec<String>>,
        overall: Memo<Tally>,
        requested: bool,
    ) -> Themes {
        let requested = RwSignal::new(requested);
        let reading = LocalResource::new(move || {
            let (survey_id, wanted, zone) = (survey_id.clone(), requested.get(), filter.get_untracked().zone);
            async move {
                if !wanted {
                    return None;
                }
                let read = async {
                    let (comments, themes) =
                        (api::comments(&survey_id).await?, api::themes(&survey_id).await?);
                    let corpus = timed("pulse:themes-corpus", || {
                        Corpus::new((0..comments.len()).map(|i| Comment {
                            text: comments.text(i),
                            language: comments.language_of(i),
                            score: comments.answers.score[i],
                            day: zone.day_of(comments.answers.time[i].into()),
                        }))
                    });
                    Ok(Arc::new(Reading { comments, corpus, custom: themes.themes }))
                };
                Some(read.await)
            }
        });
        let saved = RwSignal::new(None::<Vec<CustomTheme>>);
        let figures = Memo::new(move |_| {
            let reading = reading.get().flatten()?.ok()?;
            let selection = reading.comments.kept(&filter.get(), &segments);
            let overall = overall.get();
            saved.with(|saved| {
                let custom = saved.as_ref().unwrap_or(&reading.custom);
                Some(timed("pulse:themes", || Figures {
                    themes: reading.corpus.themes(
                        &selection,
                        &CustomThemes::new(&reading.corpus, custom),
                        &overall,
                    ),
                    contrast: reading.corpus.contrast(&selection),
                    selection,
                }))
            })
        });
        Themes { requested, reading, saved, figures, overall }
    }

    /// The comments of the theme named `name` among those the filters keep, newest first,
    /// as the comment list shows them; `None` while they are being read.
    pub fn comments_of(self, name: &str) -> Option<Vec<StoredResponse>> {
        let reading = self.reading.get().flatten()?.ok()?;
        let figures = self.figures.get()?;
        let theme = figures.themes.iter().find(|theme| theme.name == name);
        let comments = theme.map_or(&[][..], |theme| &theme.comments[..]);
        Some(comments.iter().rev().map(|&comment| stored(&reading.comments, comment as usize)).collect())
    }
}

/// A comment as the comment list shows an answer.
fn stored(comments: &Comments, comment: usize) -> StoredResponse {
    let answers = &comments.answers;
    let segment = |id: u32, prefix: &str| {
        (id != NO_SEGMENT).then(|| answers.strings[id as usize].trim_start_matches(prefix).to_owned())
    };
    StoredResponse {
        id: comment.to_string(),
        nps: answers.score[comment],
        comment: Some(comments.text(comment).to_owned()),
        page: segment(answers.page[comment], PAGE_PREFIX),
        language: segment(answers.language[comment], LANGUAGE_PREFIX),
        created_at: i64::from(answers.time[comment]) * 1000,
        ..StoredResponse::default()
    }
}

#[component]
pub fn ThemesSection(
    themes: Themes,
    survey_id: String,
    /// The days of the figures' trend, which the themes' trend follows.
    days: Memo<Range<i32>>,
    grain: Memo<Grain>,
    /// The theme whose comments the list shows, and how to choose another (or none).
    chosen: Memo<Option<String>>,
    choose: Callback<Option<String>>,
) -> impl IntoView {
    // The theme whose trend is drawn, by name, kept as the filters change.
    let trended = RwSignal::new(None::<String>);
    let is_admin = Session::is_admin();
    let survey_id = StoredValue::new(survey_id);
    let body = move || {
        let reading = match themes.reading.get().flatten() {
            None => {
                return view! {
                    <p class="status" role="status">
                        "Reading the comments…"
                    </p>
                }
                .into_any();
            }
            Some(Err(failure)) => {
                return view! {
                    <p class="error" role="alert">
                        {format!("The comments could not be read. {failure}")}
                    </p>
                }
                .into_any();
            }
            Some(Ok(reading)) => reading,
        };
        let custom = Signal::derive({
            let reading = Arc::clone(&reading);
            move || themes.saved.get().unwrap_or_else(|| reading.custom.clone())
        });
        let figures = move || {
            let figures = themes.figures.get()?;
            if figures.selection.is_empty() {
                return Some(view! { <p class="empty">"No comments match these filters."</p> }.into_any());
            }
            let reading = Arc::clone(&reading);
            Some(
                view! {
                    <ThemeList
                        figures=figures.clone()
                        reading=Arc::clone(&reading)
                        overall=themes.overall.get()
                        chosen
                        choose
                    />
                    <ContrastLists contrast=figures.contrast.clone() />
                    <ThemeTrend figures reading days=days.get() grain=grain.get() trended />
                }
                .into_any(),
            )
        };
        view! {
            {figures}
            {move || {
                is_admin
                    .get()
                    .then(|| {
                        view! {
                            <CustomThemesEditor
                                survey_id=survey_id.get_value()
                                custom
                                save=Callback::new(move |saved| themes.saved.set(Some(saved)))
                            />
                        }
                    })
            }}
        }
        .into_any()
    };

    view! {
        <OnDemand
            name="themes"
            heading="Themes"
            what="the themes"
            requested=themes.requested
            note="What respondents write about, found in their comments by this page: the comments are read in your browser and sent nowhere."
                .to_owned()
            body
        />
    }
}
