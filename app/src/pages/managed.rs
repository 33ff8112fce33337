//! A list that admins manage on a page (accounts, API tokens): loaded from the server, added
//! to by a form and removed from by a button in each row, loaded again after each change.

use std::future::Future;

use leptos::prelude::*;

use crate::api::Failure;

/// The list, and the actions that change it; `C` is what the server answers to an addition.
pub struct Managed<T: 'static, N: 'static, C: 'static> {
    pub list: LocalResource<Result<Vec<T>, Failure>>,
    pub add: Action<N, Result<C, Failure>>,
    /// Takes the key of the item to remove.
    pub remove: Action<String, Result<(), Failure>>,
}

impl<T, N, C> Managed<T, N, C>
where
    T: Clone + 'static,
    N: Clone + 'static,
    C: Clone + 'static,
{
    pub fn new<Load, Loading, Add, Adding, Remove, Removing>(load: Load, add: Add, remove: Remove) -> Self
    where
        Load: Fn() -> Loading + 'static,
        Loading: Future<Output = Result<Vec<T>, Failure>> + 'static,
        Add: Fn(N) -> Adding + 'static,
        Adding: Future<Output = Result<C, Failure>> + 'static,
        Remove: Fn(String) -> Removing + 'static,
        Removing: Future<Output = Result<(), Failure>> + 'static,
    {
        let list = LocalResource::new(load);
        let add = Action::new_local(move |new: &N| add(new.clone()));
        let remove = Action::new_local(move |key: &String| remove(key.clone()));
        // One effect each: a single `a || b` would stop tracking `b` once `a` is true.
        Effect::new(move || {
            if matches!(add.value().get(), Some(Ok(_))) {
                list.refetch();
            }
        });
        Effect::new(move || {
            if matches!(remove.value().get(), Some(Ok(()))) {
                list.refetch();
            }
        });
        Managed { list, add, remove }
    }

    /// Why the last addition or removal was refused, in words.
    pub fn refusal(&self) -> Signal<Option<String>> {
        let Managed { add, remove, .. } = *self;
        Signal::derive(move || {
            [add.value().get().and_then(Result::err), remove.value().get().and_then(Result::err)]
                .into_iter()
                .flatten()
                .next()
                .map(|failure| failure.to_string())
        })
    }
}

// By hand: derived, they would ask the same of `T`, `N` and `C`.
impl<T, N, C> Clone for Managed<T, N, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, N, C> Copy for Managed<T, N, C> {}

/// A row's button that removes its item (`key`), once the admin confirms `question`.
#[component]
pub fn RemoveButton(
    remove: Action<String, Result<(), Failure>>,
    key: String,
    question: String,
    children: Children,
) -> impl IntoView {
    let confirm = move |_| {
        let confirmed =
            web_sys::window().and_then(|window| window.confirm_with_message(&question).ok()).unwrap_or(false);
        if confirmed {
            remove.dispatch(key.clone());
        }
    };
    view! {
        <button type="button" class="link" on:click=confirm>
            {children()}
        </button>
    }
}
