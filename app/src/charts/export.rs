//! Chart downloads, made in the browser from the chart on screen.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Blob, BlobPropertyBag, Element, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement, Url,
    XmlSerializer,
};

/// The charts are styled by the page's CSS; a downloaded file carries its own colours.
const EMBEDDED_STYLE: &str = "<style>text{font:12px system-ui,sans-serif;fill:#1d2433}.zero,.grid{stroke:#d9dee8}.bar rect{fill:#3146d6}.promoter rect{fill:#1b7a43}.passive rect{fill:#b08a1e}.detractor rect{fill:#b3261e}.line{fill:none;stroke:#3146d6;stroke-width:2}.band{fill:#3146d633}circle{fill:#3146d6}.few-answers rect{fill-opacity:.3;stroke:#3146d6;stroke-dasharray:4 3}circle.few-answers{fill:#fff;stroke:#3146d6;stroke-width:1.5}</style>";

pub fn download_svg(svg: &Element, name: &str) {
    if let Ok(url) = svg_url(svg) {
        save(&url, &format!("{name}.svg"));
        let _ = Url::revoke_object_url(&url);
    }
}

/// Draws the SVG on a canvas at twice its size, then saves the canvas as PNG.
pub fn download_png(svg: &Element, name: &str) {
    let (Ok(url), Ok(image)) = (svg_url(svg), HtmlImageElement::new()) else { return };
    let name = format!("{name}.png");
    let (drawn, loaded) = (image.clone(), url.clone());
    let on_load = Closure::once_into_js(move || {
        let _ = draw_and_save(&drawn, &name);
        let _ = Url::revoke_object_url(&loaded);
    });
    image.set_onload(Some(on_load.unchecked_ref()));
    image.set_src(&url);
}

fn draw_and_save(image: &HtmlImageElement, name: &str) -> Result<(), JsValue> {
    let document = document()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.unchecked_into();
    let (width, height) = (image.natural_width().max(640) * 2, image.natural_height().max(240) * 2);
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d")?.ok_or("no 2d context")?.unchecked_into();
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    context.draw_image_with_html_image_element_and_dw_and_dh(
        image,
        0.0,
        0.0,
        f64::from(width),
        f64::from(height),
    )?;
    save(&canvas.to_data_url_with_type("image/png")?, name);
    Ok(())
}

fn svg_url(svg: &Element) -> Result<String, JsValue> {
    let markup = XmlSerializer::new()?.serialize_to_string(svg)?;
    let markup = markup.replacen('>', &format!(">{EMBEDDED_STYLE}"), 1);
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&markup.into()), &options)?;
    Url::create_object_url_with_blob(&blob)
}

fn document() -> Result<web_sys::Document, JsValue> {
    web_sys::window().and_then(|window| window.document()).ok_or_else(|| "no document".into())
}

fn save(url: &str, name: &str) {
    let Some(link) = document().ok().and_then(|document| document.create_element("a").ok()) else { return };
    let link: HtmlAnchorElement = link.unchecked_into();
    link.set_href(url);
    link.set_download(name);
    link.click();
}
