//! Clickable results without a listener per item: a container listens once
//! and finds which `[data-pick]` element was clicked. Results re-render on
//! every keystroke, so per-item listeners would pile up.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::Element;

use crate::dom::{self, Dom};

/// An action on a picked item.
pub type Action = Rc<dyn Fn()>;

/// The actions of the clickable items under one container.
pub struct Picks {
    actions: RefCell<Vec<Action>>,
}

impl Picks {
    /// Listens for clicks under `container`.
    pub fn attach(container: &Element) -> Dom<Rc<Picks>> {
        let picks = Rc::new(Picks {
            actions: RefCell::new(Vec::new()),
        });
        let me = Rc::downgrade(&picks);
        dom::on(container, "click", move |event| {
            let Some(picks) = me.upgrade() else { return };
            let Some(target) = dom::closest(&event, "[data-pick]") else {
                return;
            };
            let Some(index) = dom::data_index(&target, "pick") else {
                return;
            };
            // Clone the action out first: it may re-render and reset the list.
            let action = picks
                .actions
                .try_borrow()
                .ok()
                .and_then(|a| a.get(index).cloned());
            if let Some(action) = action {
                action();
            }
        })?;
        Ok(picks)
    }

    /// Forgets every action (before re-rendering).
    pub fn reset(&self) {
        if let Ok(mut a) = self.actions.try_borrow_mut() {
            a.clear();
        }
    }

    /// Makes `element` call `action` when clicked.
    pub fn bind(&self, element: &Element, action: Action) -> Dom {
        let Ok(mut actions) = self.actions.try_borrow_mut() else {
            return Ok(());
        };
        element.set_attribute("data-pick", &actions.len().to_string())?;
        actions.push(action);
        Ok(())
    }
}
