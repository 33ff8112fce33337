//! What respondents wrote, newest first, a page at a time from the server: comments are
//! not in the results feed, which stays small. A theme's comments come instead from those
//! the Themes section read.

use leptos::prelude::*;
use pulse_core::admin::{ResponsePage, StoredResponse};
use pulse_core::limits::SEARCH_MAX_CHARS;
use pulse_core::nps::Category;

use super::address::encode;
use super::follow_up::{FollowUpBlock, FollowUpDesk};
use crate::api;
use crate::clock::local_time;

const PAGE_SIZE: u32 = 20;

/// The query string for one page of comments among `answers` (the query of the answers
/// the page's filters keep); every part is encoded.
pub fn comments_query(
    answers: &str,
    category: Option<Category>,
    search: &str,
    cursor: Option<&str>,
) -> String {
    let mut query = format!("?with_comment=true&limit={PAGE_SIZE}");
    if !answers.is_empty() {
        query += &format!("&{answers}");
    }
    if let Some(category) = category {
        query += match category {
            Category::Promoter => "&category=promoter",
            Category::Passive => "&category=passive",
            Category::Detractor => "&category=detractor",
        };
    }
    if !search.trim().is_empty() {
        query += &format!("&q={}", encode(search.trim()));
    }
    if let Some(cursor) = cursor {
        query += &format!("&cursor={}", encode(cursor));
    }
    query
}

/// The comments of one theme, which the list shows instead of the server's.
#[derive(Clone, PartialEq)]
pub struct ThemeComments {
    pub name: String,
    /// Newest first; `None` while the comments are being read.
    pub comments: Option<Vec<StoredResponse>>,
}

/// Whether a comment of a theme passes the list's own filters, as the server applies them
/// to the others: of the category, holding the text searched for in any case.
fn passes(response: &StoredResponse, category: Option<Category>, search: &str) -> bool {
    let search = search.trim().to_lowercase();
    category.is_none_or(|category| Category::of(response.nps) == category)
        && response.comment.as_deref().is_some_and(|text| text.to_lowercase().contains(&search))
}

#[component]
pub fn Comments(
    survey_id: String,
    answers: Memo<String>,
    /// The theme whose comments are shown, if one is chosen.
    theme: Signal<Option<ThemeComments>>,
    clear_theme: Callback<()>,
    desk: FollowUpDesk,
) -> impl IntoView {
    let category = RwSignal::new(None::<Category>);
    let search = RwSignal::new(String::new());
    let shown = RwSignal::new(Vec::<StoredResponse>::new());
    let next = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let survey = StoredValue::new(survey_id);
    // Which list a page belongs to: a page asked for before the filters changed is dropped.
    let list = StoredValue::new(0u32);
    let load = Action::new_local(move |(cursor, for_list): &(Option<String>, u32)| {
        let query = comments_query(
            &answers.get_untracked(),
            category.get_untracked(),
            &search.get_untracked(),
            cursor.as_deref(),
        );
        let for_list = *for_list;
        async move { (for_list, api::responses(&survey.get_value(), &query).await) }
    });
    // A theme's comments, by the list's own filters; the first `pages` pages are shown.
    let pages = RwSignal::new(1usize);
    let themed = Memo::new(move |_| {
        let comments = theme.with(|theme| theme.as_ref().map(|theme| theme.comments.clone()))?;
        let (category, search) = (category.get(), search.get());
        Some(comments.map(|comments| {
            comments.into_iter().filter(|response| passes(response, category, &search)).collect::<Vec<_>>()
        }))
    });
    // A new filter starts the list again; "More" appends.
    Effect::new(move || {
        let _ = (answers.get(), category.get(), search.get());
        list.update_value(|list| *list += 1);
        shown.set(Vec::new());
        next.set(None);
        pages.set(1);
        if theme.with(Option::is_none) {
            load.dispatch((None, list.get_value()));
        }
    });
    let page_end = move || pages.get() * PAGE_SIZE as usize;
    let listed = Memo::new(move |_| {
        themed.with(|themed| match themed {
            Some(comments) => comments.iter().flatten().take(page_end()).cloned().collect(),
            None => shown.get(),
        })
    });
    let loading = move || {
        themed.with(|themed| match themed {
            Some(comments) => comments.is_none(),
            None => load.pending().get(),
        })
    };
    let more = move || {
        themed.with(|themed| match themed {
            Some(comments) => comments.as_ref().is_some_and(|comments| comments.len() > page_end()),
            None => next.get().is_some(),
        })
    };
    Effect::new(move || match load.value().get() {
        Some((for_list, _)) if for_list != list.get_value() => {}
        Some((_, Ok(ResponsePage { responses, next_cursor }))) => {
            failure.set(None);
            shown.update(|shown| shown.extend(responses));
            next.set(next_cursor);
        }
        Some((_, Err(refused))) => failure.set(Some(refused.to_string())),
        None => {}
    });

    view! {
        <section class="comments" id="comments">
            <h2>"Comments"</h2>
            <form class="filters" on:submit=|event| event.prevent_default()>
                // "All" is the empty name, which no category has.
                <label>
                    "Category "
                    <select on:change:target=move |event| category.set(event.target().value().parse().ok())>
                        <option value="">"All"</option>
                        <option value="promoter">"Promoters"</option>
                        <option value="passive">"Passives"</option>
                        <option value="detractor">"Detractors"</option>
                    </select>
                </label>
                <label>
                    "Search "
                    <input
                        type="search"
                        maxlength=SEARCH_MAX_CHARS
                        placeholder="Words in the comment"
                        on:change:target=move |event| search.set(event.target().value())
                    />
                </label>
                {move || {
                    theme
                        .get()
                        .map(|theme| {
                            view! {
                                <span class="theme-filter" data-testid="theme-filter">
                                    "Theme: "
                                    <strong dir="auto">{theme.name.clone()}</strong>
                                    <button
                                        type="button"
                                        class="secondary"
                                        aria-label=format!("Remove the theme filter {}", theme.name)
                                        on:click=move |_| clear_theme.run(())
                                    >
                                        "×"
                                    </button>
                                </span>
                            }
                        })
                }}
            </form>
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">
                    "The comments could not be loaded. "
                    {move || failure.get()}
                </p>
            </Show>
            <ol class="comment-list" aria-busy=move || loading().to_string()>
                <For each=move || listed.get() key=|response| response.id.clone() let:response>
                    // A theme's comments come from the Themes section's reading, which knows
                    // neither their answers nor how they are followed up.
                    <CommentItem response=response
                        .clone()>
                        {theme
                            .with_untracked(Option::is_none)
                            .then(|| view! { <FollowUpBlock response desk /> })}
                    </CommentItem>
                </For>
            </ol>
            <Show when=move || {
                listed.with(Vec::is_empty) && !loading()
                    && (themed.with(Option::is_some) || failure.get().is_none())
            }>
                <p class="empty">"No comments match these filters."</p>
            </Show>
            <Show when=more>
                <button
                    type="button"
                    class="secondary"
                    disabled=loading
                    on:click=move |_| {
                        if themed.with_untracked(Option::is_some) {
                            pages.update(|pages| *pages += 1);
                        } else {
                            load.dispatch((next.get_untracked(), list.get_value()));
                        }
                    }
                >
                    "More comments"
                </button>
            </Show>
        </section>
    }
}

/// An answer's comment with its score, time, page and language; `children` follow, such as
/// its follow-up.
#[component]
pub(super) fn CommentItem(
    response: StoredResponse,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let class = match Category::of(response.nps) {
        Category::Promoter => "score promoter",
        Category::Passive => "score passive",
        Category::Detractor => "score detractor",
    };
    let when = local_time(response.created_at);
    let context = [response.page.clone(), response.language.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="comment">
            <span class=class aria-label=format!("Score {}", response.nps)>
                {response.nps}
            </span>
            // Shown as text: a comment holding HTML or a script stays inert.
            <p class="comment-text">{response.comment.unwrap_or_default()}</p>
            <p class="comment-meta">{when} " " {context}</p>
            {children.map(|children| children())}
        </li>
    }
}
