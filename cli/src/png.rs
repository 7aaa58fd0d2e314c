//! PNG versions of the report's SVG charts, for slides and documents that take no SVG: drawn by
//! resvg at twice the SVG's size, with the system's fonts.

use anyhow::Context;

/// Sans-serif families to draw with, in order of preference (setup installs DejaVu).
const SANS_SERIF: [&str; 4] = ["Liberation Sans", "DejaVu Sans", "Noto Sans", "Arial"];

/// Renders an SVG to PNG bytes.
pub fn from_svg(svg: &str) -> anyhow::Result<Vec<u8>> {
    let mut options = resvg::usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_system_fonts();
    // The charts ask for "sans-serif"; fontdb maps that to Arial unless told otherwise.
    let installed: Vec<String> = fonts
        .faces()
        .flat_map(|face| face.families.iter().map(|(name, _)| name.clone()))
        .collect();
    if let Some(family) = SANS_SERIF
        .iter()
        .find(|family| installed.iter().any(|name| name == *family))
    {
        fonts.set_sans_serif_family(*family);
    }
    let tree = resvg::usvg::Tree::from_str(svg, &options).context("chart is not valid SVG")?;
    let size = tree.size().to_int_size();
    let scale = 2;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width() * scale, size.height() * scale)
        .context("chart has no size")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().context("cannot encode PNG")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_drawn_not_dropped() {
        let svg = |text: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60" fill="white"/>{text}</svg>"#
            )
        };
        let blank = from_svg(&svg("")).unwrap();
        let labelled = from_svg(&svg(
            r#"<text x="10" y="40" font-family="sans-serif" font-size="24">Trede 3</text>"#,
        ))
        .unwrap();
        assert_eq!(&labelled[..4], b"\x89PNG");
        assert_ne!(blank, labelled, "no font drew the label");
    }
}
