//! Saving what the page shows: a chart as SVG or PNG, a table as CSV. Everything is made in
//! the browser and handed to the user as a download; nothing is sent anywhere.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// Offers `text` as a file called `name`.
pub fn text(name: &str, mime: &str, text: &str) {
    let blob = gloo::file::Blob::new_with_options(text, Some(mime));
    let url = gloo::file::ObjectUrl::from(blob);
    click_link(&url, name);
}

/// Offers an SVG chart as a PNG picture at twice its size (crisp on slides): the SVG is drawn
/// on a canvas by the browser itself.
pub fn png(name: &str, svg: &str) {
    let document = document();
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let name = name.to_owned();
    let loaded_image = image.clone();
    let on_load = wasm_bindgen::closure::Closure::once_into_js(move || {
        let scale = 2;
        let (width, height) = (loaded_image.natural_width(), loaded_image.natural_height());
        let Some(canvas) = document
            .create_element("canvas")
            .ok()
            .and_then(|element| element.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        canvas.set_width(width * scale);
        canvas.set_height(height * scale);
        let Some(context) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|context| context.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = context.draw_image_with_html_image_element_and_dw_and_dh(
            &loaded_image,
            0.0,
            0.0,
            f64::from(width * scale),
            f64::from(height * scale),
        );
        if let Ok(data_url) = canvas.to_data_url_with_type("image/png") {
            click_link(&data_url, &name);
        }
    });
    image.set_onload(Some(on_load.unchecked_ref()));
    // A data URL lives as long as the image needs it; form encoding writes spaces as '+',
    // which a data URL would read literally.
    let encoded: String = form_urlencoded::byte_serialize(svg.as_bytes()).collect();
    image.set_src(&format!(
        "data:image/svg+xml;charset=utf-8,{}",
        encoded.replace('+', "%20")
    ));
}

fn click_link(href: &str, name: &str) {
    let document = document();
    let Some(link) = document
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    link.set_href(href);
    link.set_download(name);
    let _ = link.set_attribute("hidden", "");
    if let Some(body) = document.body() {
        let _ = body.append_child(&link);
        link.click();
        let _ = body.remove_child(&link);
    }
}

/// Asks the browser for full screen (allowed only in answer to a click or key press).
pub fn enter_full_screen() {
    if let Some(root) = document().document_element() {
        let _ = root.request_fullscreen();
    }
}

/// Leaves full screen, if the page is in it.
pub fn leave_full_screen() {
    let document = document();
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    }
}

/// Opens the browser's print dialogue (the page has a print style sheet).
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
