//! Directories, read recursively in name order.

use crate::{read_file, BytesRead, Documents, Format, InputError, Origin, ReadOptions};
use std::path::{Path, PathBuf};

/// Limit on nesting, against pathological trees.
const MAX_DEPTH: usize = 64;

/// A file to read and the id its single document gets (its path below the root, without
/// extension, `/`-separated).
type Entry = Result<(PathBuf, String), InputError>;

fn wanted(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        // `.json` files are often metadata (gold annotations, configs): named files only.
        Some(_) => crate::format_of_name(path).is_some_and(|f| f != Format::Json),
        // No extension: only when the content says it is a known structured format.
        None => match std::fs::File::open(path) {
            Ok(f) => {
                use std::io::Read;
                let mut head = Vec::new();
                f.take(4096).read_to_end(&mut head).is_ok() && Format::sniff(&head) != Format::Text
            }
            Err(_) => true, // read it anyway, so that the error is reported
        },
    }
}

fn collect(root: &Path, dir: &Path, depth: usize, out: &mut Vec<Entry>) {
    let origin = Origin::new(dir.display().to_string());
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return out.push(Err(InputError::io(origin, e))),
    };
    let mut items: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => {
                let name = e.file_name().to_string_lossy().into_owned();
                if !name.starts_with('.') {
                    items.push((name, e.path()));
                }
            }
            Err(e) => out.push(Err(InputError::io(origin.clone(), e))),
        }
    }
    items.sort();
    for (_, path) in items {
        // Symlinks: followed to files, not to directories (no loops).
        let is_link = std::fs::symlink_metadata(&path)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => {
                if !is_link && depth < MAX_DEPTH {
                    collect(root, &path, depth + 1, out);
                }
            }
            Ok(m) if m.is_file() => {
                if wanted(&path) {
                    out.push(Ok((path.clone(), id_for(root, &path))));
                }
            }
            Ok(_) => {} // sockets, fifos, devices
            Err(e) => out.push(Err(InputError::io(
                Origin::new(path.display().to_string()),
                e,
            ))),
        }
    }
}

fn id_for(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = crate::gz_inner(rel)
        .map(|inner| rel.with_file_name(inner))
        .unwrap_or_else(|| rel.to_path_buf());
    let rel = rel.with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

pub(crate) fn read_dir(root: &Path, opts: &ReadOptions, read: &BytesRead) -> Documents {
    let mut entries = Vec::new();
    collect(root, root, 0, &mut entries);
    let opts = opts.clone();
    let read = read.clone();
    Documents::new(entries.into_iter().flat_map(move |e| match e {
        Ok((path, id)) => read_file(&path, id, &opts, &read),
        Err(e) => Documents::one(Err(e)),
    }))
}

/// The summed sizes of the files [`read_dir`] reads below `root`.
pub(crate) fn files_size(root: &Path) -> u64 {
    let mut entries = Vec::new();
    collect(root, root, 0, &mut entries);
    entries
        .iter()
        .filter_map(|e| e.as_ref().ok())
        .filter_map(|(path, _)| std::fs::metadata(path).ok())
        .map(|m| m.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_recursively_in_order_with_relative_ids() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("b/c/z.txt"), "Zed.").unwrap();
        std::fs::write(root.join("a.txt"), "Aye.").unwrap();
        std::fs::write(
            root.join("b/feed.jsonl"),
            "{\"id\":\"j1\",\"text\":\"Jay.\"}\n",
        )
        .unwrap();
        std::fs::write(root.join("b/page.htm"), "<p>Page text.</p>").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"Zipped story.").unwrap();
        std::fs::write(root.join("b/zip.txt.gz"), gz.finish().unwrap()).unwrap();
        std::fs::write(root.join("b/bad.txt.gz"), b"not gzip").unwrap();
        std::fs::write(root.join("image.png"), [0x89u8, 0x50, 0x4e, 0x47, 0]).unwrap();
        std::fs::write(root.join("NOTES"), "plain notes are not read").unwrap();
        std::fs::write(root.join("gold.json"), "{\"document\": {}}").unwrap();
        std::fs::write(root.join(".git/x.txt"), "hidden").unwrap();
        let results: Vec<_> =
            read_dir(root, &ReadOptions::default(), &BytesRead::default()).collect();
        let errors: Vec<String> = results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("bad.txt.gz: cannot read: not valid gzip"),
            "{}",
            errors[0]
        );
        let ids: Vec<String> = results
            .into_iter()
            .filter_map(|r| r.ok())
            .map(|r| r.document.id)
            .collect();
        // a.txt, then b/: "c" < "feed.jsonl" < "page.htm".
        assert_eq!(ids, ["a", "b/c/z", "j1", "b/page", "b/zip"]);
    }
}
