//! A lesson's settings form, the parts every page shares: the value a field was given, a
//! callback that writes it into the form's state, and a labelled input that marks the field at
//! fault with why (for screen readers too).

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A refused setting: the id of its field, and why.
pub type FieldError = (&'static str, String);

/// A field's value as typed, from its input or its selector.
pub fn typed(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .or_else(|| {
            e.target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
                .map(|s| s.value())
        })
        .unwrap_or_default()
}

/// A form's fields as typed, and the one at fault.
pub struct Form<'a, F: Clone + 'static> {
    /// The fields.
    pub state: &'a UseStateHandle<F>,
    /// The field at fault, and why.
    pub error: &'a Option<FieldError>,
}

impl<F: Clone + 'static> Form<'_, F> {
    /// A change of a field, written into the form by `set`.
    pub fn on_field(&self, set: fn(&mut F, String)) -> Callback<Event> {
        let state = self.state.clone();
        Callback::from(move |e: Event| {
            let mut d = (*state).clone();
            set(&mut d, typed(&e));
            state.set(d);
        })
    }

    /// A labelled input `id` showing `value`, `size` characters wide, marked when at fault.
    pub fn input(
        &self,
        id: &'static str,
        label: Html,
        value: &str,
        set: fn(&mut F, String),
        size: &'static str,
    ) -> Html {
        let err = self
            .error
            .as_ref()
            .filter(|(f, _)| *f == id)
            .map(|(_, m)| m.clone());
        html! {
            <label class={classes!("field", err.is_some().then_some("wrong"))} for={id}>
                <span>{ label }</span>
                <input {id} value={value.to_string()} onchange={self.on_field(set)} size={size}
                    aria-invalid={err.is_some().to_string()}
                    aria-describedby={err.as_ref().map(|_| format!("{id}-error"))} />
                if let Some(m) = err { <span class="field-error" id={format!("{id}-error")}>{ m }</span> }
            </label>
        }
    }
}
