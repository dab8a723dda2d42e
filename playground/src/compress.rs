//! Raw deflate by the browser's own `CompressionStream`, for share links.
//!
//! The page used to carry a Rust deflater for this (miniz_oxide's, about
//! 14 KB of wasm); every browser the page supports has one built in, and
//! the first load has a size budget (issue 25). Reading a link stays in
//! Rust (`share::decode`): it must be synchronous, so a shared state is in
//! place before the page says it is ready, and bounded, so a crafted link
//! cannot inflate without end.

use wasm_bindgen::prelude::*;
use web_sys::{Blob, ReadableStream, ReadableWritablePair, Response, WritableStream};

// web-sys has this only behind `web_sys_unstable_apis`; the three members
// used here are all there is to bind.
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> WritableStream;
}

/// Raw-deflates `bytes` and calls `done` with the result, or with `None`
/// when the browser cannot (no `CompressionStream`, or a stream error).
pub fn deflate(bytes: &[u8], done: impl FnOnce(Option<Vec<u8>>) + 'static) {
    let promise = (|| -> Result<js_sys::Promise, JsValue> {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let blob = Blob::new_with_u8_array_sequence(&parts)?;
        let stream = CompressionStream::new("deflate-raw")?;
        let pair = ReadableWritablePair::new(&stream.readable(), &stream.writable());
        let deflated = blob.stream().pipe_through(&pair);
        Response::new_with_opt_readable_stream(Some(&deflated))?.array_buffer()
    })();
    let promise = match promise {
        Ok(p) => p,
        Err(_) => return done(None),
    };
    // `done` goes to whichever callback runs.
    let slot = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let on_error = std::rc::Rc::clone(&slot);
    let ok = Closure::once_into_js(move |buffer: JsValue| {
        if let Some(f) = slot.take() {
            f(Some(js_sys::Uint8Array::new(&buffer).to_vec()));
        }
    });
    let failed = Closure::once_into_js(move |_: JsValue| {
        if let Some(f) = on_error.take() {
            f(None);
        }
    });
    crate::dom::settle(&promise, &ok, &failed);
}
