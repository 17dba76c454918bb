//! Merging: several YAML documents in one file (compose-go merges them like
//! `-f` files), the `!reset` / `!override` tags, and `extends` within the file.

use super::rules::invalid_extends::InvalidExtends;
use super::yaml::{Entry, Node, Tag, Value};
use crate::diagnostic::Diagnostic;
use crate::text::TextRange;
use std::collections::{HashMap, HashSet};

/// Sequences that an override replaces instead of extending.
const REPLACED_SEQUENCES: &[&str] = &["command", "entrypoint", "test", "dns", "dns_search"];

/// Merge the documents of one file, later over earlier, then drop `!reset` nodes.
pub fn merge_documents(documents: Vec<Node>) -> Option<Node> {
    let mut documents = documents.into_iter().filter(|d| !d.is_null());
    let mut base = documents.next()?;
    for overlay in documents {
        merge_into(&mut base, overlay, 0);
    }
    strip_resets(&mut base);
    Some(base)
}

/// Merge `overlay` into `base`, compose style: mappings recursively,
/// sequences appended (a few replaced), scalars replaced.
fn merge_into(base: &mut Node, overlay: Node, depth: usize) {
    if overlay.tag == Some(Tag::Override) || depth > 64 {
        *base = overlay;
        return;
    }
    match (&mut base.value, overlay.value) {
        (Value::Map(base_entries), Value::Map(overlay_entries)) => {
            // Index the base keys once: merging must stay linear.
            let mut index: HashMap<String, usize> = base_entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.key_str().to_string(), i))
                .collect();
            let mut removed = vec![false; base_entries.len()];
            for entry in overlay_entries {
                let key = entry.key_str().to_string();
                match index.get(&key).copied() {
                    Some(i) if entry.value.tag == Some(Tag::Reset) => {
                        removed[i] = true;
                        index.remove(&key);
                    }
                    Some(i) => {
                        if matches!(entry.value.value, Value::Seq(_))
                            && REPLACED_SEQUENCES.contains(&key.as_str())
                        {
                            base_entries[i].value = entry.value;
                        } else {
                            merge_into(&mut base_entries[i].value, entry.value, depth + 1);
                        }
                    }
                    None => {
                        index.insert(key, base_entries.len());
                        removed.push(false);
                        base_entries.push(entry);
                    }
                }
            }
            let mut position = 0;
            base_entries.retain(|_| {
                let keep = !removed[position];
                position += 1;
                keep
            });
        }
        (Value::Seq(base_items), Value::Seq(overlay_items)) => base_items.extend(overlay_items),
        (_, value) => {
            base.value = value;
            base.range = overlay.range;
            base.alias = overlay.alias;
            base.tag = overlay.tag;
        }
    }
}

/// Remove every mapping entry whose value is tagged `!reset`.
pub fn strip_resets(root: &mut Node) {
    let mut stack: Vec<&mut Node> = vec![root];
    while let Some(node) = stack.pop() {
        match &mut node.value {
            Value::Map(entries) => {
                entries.retain(|e| e.value.tag != Some(Tag::Reset));
                stack.extend(entries.iter_mut().map(|e| &mut e.value));
            }
            Value::Seq(items) => {
                items.retain(|i| i.tag != Some(Tag::Reset));
                stack.extend(items.iter_mut());
            }
            Value::Scalar(_) => {}
        }
    }
}

/// Resolve `extends` between services of this file. Extended services
/// inherit the base's attributes; the extending service's own win.
pub fn apply_extends(root: &mut Node, file_name: &str) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let Some(services) = services_mut(root) else {
        return diagnostics;
    };
    let names: Vec<String> = services.iter().map(|e| e.key_str().to_string()).collect();
    // service -> (base, range of the reference)
    let mut bases: HashMap<String, (String, TextRange)> = HashMap::new();
    for entry in services.iter() {
        let Some(extends) = entry.value.get("extends") else {
            continue;
        };
        let (base, range, file) = match extends.as_str() {
            Some(name) => (name.to_string(), extends.use_range(), None),
            None => {
                let Some(service) = extends.get("service") else {
                    continue;
                };
                (
                    service.as_str().unwrap_or_default().to_string(),
                    service.use_range(),
                    extends.get("file").and_then(|f| f.as_str()),
                )
            }
        };
        if file.is_some_and(|f| !same_file(f, file_name)) {
            continue; // Another file: not ours to check.
        }
        if !names.contains(&base) {
            diagnostics.push(error(
                range,
                format!(
                    "cannot extend service {base:?} in {file_name}: service {base:?} not found"
                ),
            ));
            continue;
        }
        bases.insert(entry.key_str().to_string(), (base, range));
    }
    // Order services so each base is resolved before what extends it.
    let mut order = Vec::new();
    let mut done: HashSet<String> = HashSet::new();
    let mut reported: HashSet<String> = HashSet::new();
    for name in &names {
        let mut chain = vec![name.clone()];
        let mut current = name.clone();
        while let Some((base, _)) = bases.get(&current) {
            if done.contains(base) {
                break;
            }
            if let Some(start) = chain.iter().position(|c| c == base) {
                let cycle = &chain[start..];
                if reported.insert(cycle.iter().min().cloned().unwrap_or_default()) {
                    let mut message = format!("Circular reference:\n  {} in {file_name}", cycle[0]);
                    for link in cycle.iter().skip(1).chain(std::iter::once(&cycle[0])) {
                        message.push_str(&format!("\n  extends {link} in {file_name}"));
                    }
                    for member in cycle {
                        if let Some((_, range)) = bases.get(member) {
                            diagnostics.push(error(*range, message.clone()));
                        }
                    }
                }
                for member in cycle {
                    bases.remove(member);
                }
                break;
            }
            chain.push(base.clone());
            current = base.clone();
        }
        for member in chain.into_iter().rev() {
            if done.insert(member.clone()) {
                order.push(member);
            }
        }
    }
    let positions: HashMap<String, usize> = services
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key_str().to_string(), i))
        .collect();
    for name in order {
        let Some((base, _)) = bases.get(&name) else {
            continue;
        };
        let (Some(&base_at), Some(&own_at)) = (positions.get(base), positions.get(&name)) else {
            continue;
        };
        let base_node = services[base_at].value.clone();
        if let Some(entry) = services.get_mut(own_at) {
            let mut merged = base_node;
            if let Value::Map(entries) = &mut merged.value {
                entries.retain(|e| e.key_str() != "extends");
            }
            let own = std::mem::replace(
                &mut entry.value,
                Node::scalar("", super::yaml::ScalarStyle::Plain, TextRange::default()),
            );
            let own_range = own.range;
            merge_into(&mut merged, own, 0);
            merged.range = own_range;
            entry.value = merged;
        }
    }
    diagnostics
}

fn same_file(reference: &str, file_name: &str) -> bool {
    let reference = reference.trim_start_matches("./");
    let own = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    reference == own || reference == file_name
}

fn services_mut(root: &mut Node) -> Option<&mut Vec<Entry>> {
    let Value::Map(entries) = &mut root.value else {
        return None;
    };
    let services = entries
        .iter_mut()
        .rev()
        .find(|e| e.key_str() == "services")?;
    match &mut services.value.value {
        Value::Map(list) => Some(list),
        _ => None,
    }
}

fn error(range: TextRange, message: String) -> Diagnostic {
    let meta = &InvalidExtends::META;
    Diagnostic::new(meta.code, meta.severity, meta.category, range, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::yaml::{parse, YamlLimits};

    fn load(text: &str) -> Vec<Node> {
        parse(text, YamlLimits::default()).documents
    }

    #[test]
    fn documents_merge_like_override_files() {
        let docs = load("services:\n  web:\n    image: a\n    ports: [\"80:80\"]\n    command: [x]\n---\nservices:\n  web:\n    image: b\n    ports: [\"443:443\"]\n    command: [y]\n");
        let root = merge_documents(docs).unwrap();
        let web = root.get("services").unwrap().get("web").unwrap();
        assert_eq!(web.get("image").unwrap().as_str(), Some("b"));
        assert_eq!(web.get("ports").unwrap().as_seq().unwrap().len(), 2);
        assert_eq!(web.get("command").unwrap().as_seq().unwrap().len(), 1);
    }

    #[test]
    fn reset_and_override() {
        let docs = load("services:\n  web:\n    image: a\n    ports: [\"80:80\"]\n---\nservices:\n  web:\n    ports: !reset []\n    environment: !override {A: 1}\n");
        let root = merge_documents(docs).unwrap();
        let web = root.get("services").unwrap().get("web").unwrap();
        assert!(web.get("ports").is_none());
        assert!(web.get("environment").is_some());
        let single = merge_documents(load("a: !reset null\nb: 1\n")).unwrap();
        assert!(single.get("a").is_none());
    }

    #[test]
    fn extends_within_the_file() {
        let text = "services:\n  base:\n    image: a\n    restart: always\n  web:\n    extends: base\n    restart: \"no\"\n  worker:\n    extends:\n      service: web\n  bad:\n    extends: nothing\n";
        let mut root = merge_documents(load(text)).unwrap();
        let diagnostics = apply_extends(&mut root, "compose.yaml");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].range.slice(text), "nothing");
        let services = root.get("services").unwrap();
        let web = services.get("web").unwrap();
        assert_eq!(web.get("image").unwrap().as_str(), Some("a"));
        assert_eq!(web.get("restart").unwrap().as_str(), Some("no"));
        let worker = services.get("worker").unwrap();
        assert_eq!(worker.get("image").unwrap().as_str(), Some("a"));
        assert_eq!(worker.get("restart").unwrap().as_str(), Some("no"));
    }

    #[test]
    fn extends_cycles_are_reported_once_per_edge() {
        let text = "services:\n  a:\n    extends: b\n  b:\n    extends: a\n";
        let mut root = merge_documents(load(text)).unwrap();
        let diagnostics = apply_extends(&mut root, "compose.yaml");
        assert_eq!(diagnostics.len(), 2);
        assert!(diagnostics[0].message.starts_with("Circular reference:"));
    }
}
