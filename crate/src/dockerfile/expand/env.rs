//! Where expansion looks variables up.
//!
//! Names are compared exactly (case-sensitive), as BuildKit does on Linux;
//! BuildKit folds case only for Windows images, which Layerlab does not model.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

/// A set of variables visible to an expansion.
///
/// `None` means "unset", which differs from `Some("")` ("set but empty") for
/// `${V-w}`, `${V+w}` and `${V?msg}`.
pub trait Env {
    fn get(&self, name: &str) -> Option<&str>;
}

/// No variables at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EmptyEnv;

impl Env for EmptyEnv {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
}

impl<E: Env + ?Sized> Env for &E {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }
}

impl<K, V> Env for BTreeMap<K, V>
where
    K: Borrow<str> + Ord,
    V: AsRef<str>,
{
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(AsRef::as_ref)
    }
}

impl<K, V, S> Env for HashMap<K, V, S>
where
    K: Borrow<str> + Hash + Eq,
    V: AsRef<str>,
    S: BuildHasher,
{
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(AsRef::as_ref)
    }
}

/// An ordered list of definitions, like a Dockerfile's sequence of `ARG` and
/// `ENV`: a later definition of the same name wins.
impl<K, V> Env for [(K, V)]
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(key, _)| key.as_ref() == name)
            .map(|(_, value)| value.as_ref())
    }
}

impl<K, V, const N: usize> Env for [(K, V); N]
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    fn get(&self, name: &str) -> Option<&str> {
        Env::get(self.as_slice(), name)
    }
}

impl<K, V> Env for Vec<(K, V)>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    fn get(&self, name: &str) -> Option<&str> {
        Env::get(self.as_slice(), name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_distinguish_unset_from_empty() {
        let mut tree = BTreeMap::new();
        tree.insert("EMPTY".to_string(), String::new());
        assert_eq!(Env::get(&tree, "EMPTY"), Some(""));
        assert_eq!(Env::get(&tree, "MISSING"), None);

        let hash: HashMap<String, String> = [("A".to_string(), "1".to_string())].into();
        assert_eq!(Env::get(&hash, "A"), Some("1"));
        assert_eq!(Env::get(&hash, "a"), None, "names are case-sensitive");
    }

    #[test]
    fn ordered_pairs_let_the_last_definition_win() {
        let pairs = vec![("car", "hat"), ("foo", "bar"), ("car", "bike")];
        assert_eq!(Env::get(&pairs, "car"), Some("bike"));
        assert_eq!(Env::get(pairs.as_slice(), "foo"), Some("bar"));
        assert_eq!(Env::get(&[("x", "1"), ("x", "2")], "x"), Some("2"));
        assert_eq!(Env::get(&pairs, "CAR"), None);
    }

    #[test]
    fn references_and_empty_env_delegate() {
        let pairs = [("A", "1")];
        let by_ref: &dyn Env = &pairs;
        assert_eq!(Env::get(&by_ref, "A"), Some("1"));
        assert_eq!(EmptyEnv.get("A"), None);
    }
}
