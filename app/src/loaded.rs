//! The states of a page's data from the server, told the same way on every page.

use leptos::prelude::*;

use crate::api::Failure;
use crate::session::sign_in_when_signed_out;

/// Shows `children` with `resource`'s data once loaded; until then that it is loading, and
/// instead why it could not be loaded. A session that ended sends the marketer to sign in.
#[component]
pub fn Loaded<T, F, V>(
    resource: LocalResource<Result<T, Failure>>,
    /// What loads, as in "Loading {what}…" and "The {what} could not be loaded."
    what: &'static str,
    children: F,
) -> impl IntoView
where
    T: Clone + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    sign_in_when_signed_out(resource);
    view! {
        <Suspense fallback=move || {
            view! {
                <p class="status" role="status">
                    {format!("Loading {what}…")}
                </p>
            }
        }>
            {move || {
                resource
                    .get()
                    .map(|loaded| match loaded {
                        Ok(data) => children(data).into_any(),
                        Err(Failure::SignedOut) => {
                            view! { <p class="status">{format!("Please sign in to see the {what}.")}</p> }
                                .into_any()
                        }
                        Err(Failure::Message(message)) => {
                            view! {
                                <p class="error" role="alert">
                                    {format!("The {what} could not be loaded. {message}")}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
