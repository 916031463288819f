use super::*;

fn read_all(name: &str, bytes: &[u8]) -> Vec<ReadResult> {
    read_bytes(name, bytes, None, &ReadOptions::default()).collect()
}

#[test]
fn sniffs_formats() {
    assert_eq!(Format::sniff(b"  {\"id\":1}"), Format::JsonLines);
    assert_eq!(Format::sniff(b"<?xml version=\"1.0\"?><rss>"), Format::Feed);
    assert_eq!(
        Format::sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
        Format::Feed
    );
    assert_eq!(Format::sniff(b"<!DOCTYPE html><html>"), Format::Html);
    assert_eq!(Format::sniff(b"\xEF\xBB\xBF<html><body>"), Format::Html);
    assert_eq!(Format::sniff(b"Troops < 5 km away"), Format::Text);
    assert_eq!(Format::sniff(b""), Format::Text);
}

#[test]
fn plain_text_document() {
    let opts = ReadOptions {
        published: NaiveDate::from_ymd_opt(2025, 1, 2),
        ..Default::default()
    };
    let r: Vec<_> = read_bytes("dir/story.txt", b"Troops\r\nwithdrew.", None, &opts).collect();
    let rec = r[0].as_ref().unwrap();
    assert_eq!(rec.document.id, "story");
    assert_eq!(rec.document.text, "Troops\nwithdrew.");
    assert_eq!(rec.document.published, NaiveDate::from_ymd_opt(2025, 1, 2));
}

#[test]
fn empty_and_binary_and_invalid_utf8_are_user_errors() {
    for (bytes, needle) in [
        (&b"  \n\t "[..], "empty document"),
        (&b"abc\x00def"[..], "binary"),
        (&b"caf\xE9 au lait"[..], "invalid UTF-8"),
    ] {
        let r = read_all("x.txt", bytes);
        let e = r[0].as_ref().unwrap_err();
        assert!(e.is_user_error());
        assert!(e.to_string().starts_with("x.txt: "), "{e}");
        assert!(e.to_string().contains(needle), "{e}");
    }
}

#[test]
fn too_large_names_the_size() {
    let opts = ReadOptions {
        max_size: 10,
        ..Default::default()
    };
    let r: Vec<_> = read_bytes("big.txt", b"0123456789ABC", None, &opts).collect();
    let msg = r[0].as_ref().unwrap_err().to_string();
    assert!(
        msg.contains("13 bytes") && msg.contains("limit of 10 bytes"),
        "{msg}"
    );
    let r: Vec<_> = read_reader("big.txt", &b"0123456789ABCDEF"[..], None, &opts).collect();
    assert!(r[0].as_ref().unwrap_err().to_string().contains("16 bytes"));
}

#[test]
fn stdin_like_guess_requires_every_line_to_be_an_object() {
    let r = read_all("-", b"{\"text\":\"a\"}\nnot json\n");
    assert_eq!(r.len(), 1);
    assert!(r[0]
        .as_ref()
        .unwrap()
        .document
        .text
        .starts_with("{\"text\""));
    let r = read_all("-", b"{\"text\":\"a\"}\n\n{\"text\":\"b\"}\n");
    assert_eq!(r.len(), 2);
}

#[test]
fn json_arrays_and_pretty_printed_objects() {
    let r = read_all(
        "news.json",
        b"[\n {\"id\": \"a\", \"text\": \"One.\"},\n {\"id\": \"b\"},\n 5\n]",
    );
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].as_ref().unwrap().document.id, "a");
    assert_eq!(
        r[1].as_ref().unwrap_err().to_string(),
        "news.json[1]: missing field `text`"
    );
    assert_eq!(
        r[2].as_ref().unwrap_err().to_string(),
        "news.json[2]: expected a JSON object, found a number"
    );
    // Guessed from content: a pretty-printed object is JSON, not JSON Lines or text.
    let r = read_all("-", b"{\n  \"id\": \"p\",\n  \"text\": \"Pretty.\"\n}\n");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].as_ref().unwrap().document.text, "Pretty.");
    // Broken JSON named by line; brackets in prose stay text.
    let r: Vec<_> = read_bytes(
        "x.json",
        b"[\n{\"text\": }",
        Some(Format::Json),
        &ReadOptions::default(),
    )
    .collect();
    assert!(r[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with("x.json:2: malformed JSON"));
    let r = read_all("-", b"[1] Troops withdrew.");
    assert_eq!(r[0].as_ref().unwrap().document.text, "[1] Troops withdrew.");
}

#[test]
fn bytes_read_ends_at_the_input_size() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    let lines: String = (0..2000)
        .map(|i| format!("{{\"id\":\"d{i}\",\"text\":\"Troops withdrew from the town.\"}}\n"))
        .collect();
    std::fs::write(d.join("sub/many.jsonl"), &lines).unwrap();
    std::fs::write(d.join("one.txt"), "Rebels attacked the base.").unwrap();
    std::fs::write(d.join("notes.json"), "{\"not\": \"read\"}").unwrap(); // skipped by the walk
    let total = input_size(d).unwrap();
    assert_eq!(total, lines.len() as u64 + 25);
    let mut docs = read_path(d, &ReadOptions::default());
    let read = docs.bytes_read();
    assert_eq!(read.get(), 0);
    let first = docs.next().unwrap().unwrap();
    assert_eq!(first.document.id, "one");
    assert!(read.get() > 0 && read.get() < total, "{}", read.get());
    assert_eq!(docs.by_ref().count(), 2000);
    assert_eq!(read.get(), total);
    assert_eq!(input_size(&d.join("one.txt")), Some(25));
    assert_eq!(input_size(Path::new("-")), None);
    assert_eq!(input_size(&d.join("missing")), None);
}

#[test]
fn gzip_files_are_read_through() {
    let dir = tempfile::tempdir().unwrap();
    let gz = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut e, bytes).unwrap();
        e.finish().unwrap()
    };
    let p = dir.path().join("news.jsonl.gz");
    std::fs::write(
        &p,
        gz(b"{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"b\",\"text\":\"Two.\"}\n"),
    )
    .unwrap();
    let ids: Vec<_> = read_path(&p, &ReadOptions::default())
        .map(|r| r.unwrap().document.id)
        .collect();
    assert_eq!(ids, ["a", "b"]);
    let p = dir.path().join("story.txt.gz");
    std::fs::write(&p, gz(&vec![b'x'; 5000])).unwrap();
    let r: Vec<_> = read_path(&p, &ReadOptions::default()).collect();
    assert_eq!(r[0].as_ref().unwrap().document.id, "story");
    // Gzip recognised by its magic bytes (stdin, odd names), decompressed once only.
    let bytes = gz(&gz(b"{\"id\":\"z\",\"text\":\"Zed.\"}\n"));
    let r: Vec<_> = read_reader(
        "-",
        std::io::Cursor::new(bytes),
        None,
        &ReadOptions::default(),
    )
    .collect();
    assert_eq!(r.len(), 1);
    assert!(
        r[0].as_ref()
            .unwrap_err()
            .to_string()
            .contains("binary input"),
        "{:?}",
        r[0]
    );
    let bytes = gz(b"{\"id\":\"z\",\"text\":\"Zed.\"}\n");
    let r: Vec<_> = read_reader(
        "-",
        std::io::Cursor::new(bytes),
        None,
        &ReadOptions::default(),
    )
    .collect();
    assert_eq!(r[0].as_ref().unwrap().document.id, "z");
    // A decompression bomb stops at the limit without being decompressed further.
    let opts = ReadOptions {
        max_size: 100,
        ..Default::default()
    };
    let e = read_path(&p, &opts)
        .next()
        .unwrap()
        .unwrap_err()
        .to_string();
    assert!(
        e.ends_with("story.txt.gz: decompressed document is above the limit of 100 bytes"),
        "{e}"
    );
}

#[test]
fn latin1_html_is_decoded() {
    let r = read_all("p.html", b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xE9 \x93quoted\x94</p></body></html>");
    assert_eq!(r[0].as_ref().unwrap().document.text, "Café “quoted”");
}

fn with_info(bytes: &[u8], info: &ContentInfo) -> Vec<ReadResult> {
    read_bytes_with("https://x.org/in", bytes, info, &ReadOptions::default()).collect()
}

fn info(url: &str, media_type: &str, charset: Option<&str>) -> ContentInfo {
    ContentInfo {
        url: Some(url.into()),
        media_type: Some(media_type.into()),
        charset: charset.map(str::to_string),
    }
}

#[test]
fn received_page_gets_its_url_as_id_and_url() {
    let page =
        b"<html><body><article><p>Troops withdrew from the town.</p></article></body></html>";
    let r = with_info(page, &info("https://x.org/news/1", "text/html", None));
    let d = &r[0].as_ref().unwrap().document;
    assert_eq!(d.id, "https://x.org/news/1");
    assert_eq!(d.url.as_deref(), Some("https://x.org/news/1"));
    assert_eq!(d.text, "Troops withdrew from the town.");
    assert_eq!(r[0].as_ref().unwrap().origin.name, "https://x.org/in");
    // A relative canonical URL is resolved against the page's.
    let page = b"<html><head><link rel=\"canonical\" href=\"/a/1\"></head><body><p>Text.</p></body></html>";
    let r = with_info(page, &info("https://x.org/amp/a/1", "text/html", None));
    let d = &r[0].as_ref().unwrap().document;
    assert_eq!(d.url.as_deref(), Some("https://x.org/a/1"));
    // Without info: as before (file-stem id, no URL).
    let r: Vec<_> = read_bytes("dir/p.html", page, None, &ReadOptions::default()).collect();
    let d = &r[0].as_ref().unwrap().document;
    assert_eq!((d.id.as_str(), d.url.as_deref()), ("p", Some("/a/1")));
}

#[test]
fn media_type_decides_only_what_the_content_does_not() {
    // Markup that does not look like a page: the server says it is one.
    let r = with_info(
        b"Shelling <b>resumed</b> overnight.",
        &info("https://x.org/p", "text/html", None),
    );
    assert_eq!(
        r[0].as_ref().unwrap().document.text,
        "Shelling resumed overnight."
    );
    let r = with_info(
        b"Shelling <b>resumed</b>.",
        &info("https://x.org/p", "text/plain", None),
    );
    assert_eq!(
        r[0].as_ref().unwrap().document.text,
        "Shelling <b>resumed</b>."
    );
    // A feed served as text/html is still a feed.
    let rss = b"<rss><channel><item><title>A</title><description>One.</description></item><item><description>Two.</description></item></channel></rss>";
    assert_eq!(
        with_info(rss, &info("https://x.org/rss", "text/html", None)).len(),
        2
    );
    assert_eq!(
        Format::from_media_type("Application/Atom+XML; charset=utf-8"),
        Some(Format::Feed)
    );
    assert_eq!(Format::from_media_type("application/octet-stream"), None);
}

#[test]
fn declared_charset_decodes_non_utf8() {
    let page = b"<html><body><p>Caf\xE9 \x93quoted\x94 \x80 5</p></body></html>";
    for cs in ["windows-1252", "ISO-8859-1"] {
        let r = with_info(page, &info("https://x.org/p", "text/html", Some(cs)));
        assert_eq!(
            r[0].as_ref().unwrap().document.text,
            "Café “quoted” € 5",
            "{cs}"
        );
    }
    let r = with_info(
        b"Caf\xE9",
        &info("https://x.org/t", "text/plain", Some("latin1")),
    );
    assert_eq!(r[0].as_ref().unwrap().document.text, "Café");
    // Without a declaration it is an error, and an undecodable charset is named.
    let e = with_info(page, &info("https://x.org/p", "text/html", None))[0]
        .as_ref()
        .unwrap_err()
        .to_string();
    assert!(e.contains("UTF-8"), "{e}");
    let e = with_info(page, &info("https://x.org/p", "text/html", Some("koi8-r")))[0]
        .as_ref()
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("https://x.org/in: cannot decode the declared charset `koi8-r`"),
        "{e}"
    );
    // Valid UTF-8 stays UTF-8 whatever the header says (servers often default to Latin-1).
    let r = with_info(
        "<p>Café</p>".as_bytes(),
        &info("https://x.org/p", "text/html", Some("iso-8859-1")),
    );
    assert_eq!(r[0].as_ref().unwrap().document.text, "Café");
}

#[test]
fn feed_links_resolve_and_summaries_are_marked() {
    let long = "Full story. ".repeat(200);
    let rss = format!(
            "<rss><channel><title>F</title>\
             <item><title>Short</title><link>/a/1</link><description>A summary.</description></item>\
             <item><title>Full</title><link>https://y.org/a/2</link><description>A summary.</description>\
             <content:encoded>&lt;p&gt;Whole text.&lt;/p&gt;</content:encoded></item>\
             <item><title>Long description</title><link>a/3</link><description>{long}</description></item>\
             <item><title>Only a title</title><link>/a/4</link></item>\
             </channel></rss>"
        );
    let r = with_info(
        rss.as_bytes(),
        &info("https://x.org/feeds/rss", "application/rss+xml", None),
    );
    let recs: Vec<&Record> = r.iter().map(|x| x.as_ref().unwrap()).collect();
    let urls: Vec<_> = recs
        .iter()
        .map(|r| r.document.url.as_deref().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "https://x.org/a/1",
            "https://y.org/a/2",
            "https://x.org/feeds/a/3",
            "https://x.org/a/4"
        ]
    );
    let summary: Vec<_> = recs.iter().map(|r| r.text_is_summary).collect();
    assert_eq!(summary, [true, false, false, true]);
    assert_eq!(recs[0].document.id, "https://x.org/a/1");
}

#[test]
fn page_text_replaces_a_summary_only_when_longer() {
    let rss = b"<rss><channel><item><title>T</title><link>/a</link><pubDate>Fri, 14 Mar 2025 10:00:00 GMT</pubDate></item></channel></rss>";
    let mut item = with_info(rss, &info("https://x.org/rss", "application/rss+xml", None))
        .remove(0)
        .unwrap();
    assert_eq!(item.warnings[0].message, feed::CODING_THE_TITLE);
    let page = |html: &[u8]| {
        with_info(html, &info("https://x.org/a", "text/html", None))
            .remove(0)
            .unwrap()
    };
    assert!(!item.take_page_text(page(b"<p>T</p>")));
    assert_eq!(item.document.text, "T");
    let replaced = item.take_page_text(page(
            b"<html><head><meta name=\"author\" content=\"A. Writer\"></head><body><p>The whole article text.</p></body></html>",
        ));
    assert!(replaced);
    assert_eq!(item.document.text, "The whole article text.");
    assert_eq!(item.document.id, "https://x.org/a");
    assert_eq!(item.document.title.as_deref(), Some("T"));
    assert_eq!(
        item.document.published,
        NaiveDate::from_ymd_opt(2025, 3, 14)
    );
    assert_eq!(item.byline.as_deref(), Some("A. Writer"));
    assert!(item.warnings.is_empty());
    assert!(!item.text_is_summary);
}

#[test]
fn utf16_jsonl() {
    let s = "{\"id\":\"a\",\"text\":\"Hello\"}\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let r: Vec<_> = read_bytes(
        "x.jsonl",
        &bytes,
        Some(Format::JsonLines),
        &ReadOptions::default(),
    )
    .collect();
    assert_eq!(r[0].as_ref().unwrap().document.id, "a");
}
