//! Well-known paths that should not ship in a build context: secrets,
//! bulky tool directories, and build files whose edits bust `COPY . .`.
//! This list is the one place they are defined.

use super::model::{ContextEntry, EntryKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// Why a path is risky.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RiskKind {
    /// Credentials or keys: anyone with the image can read them.
    Secret,
    /// Large or machine-specific trees that bloat the context and the image.
    Bloat,
    /// Build inputs that change often and so invalidate `COPY . .`.
    BuildFile,
}

/// How a rule recognises a path element.
#[derive(Clone, Copy, Debug)]
enum NameRule {
    /// A directory with this name, at any depth.
    Dir(&'static str),
    /// A file or symlink with exactly this name, at any depth.
    File(&'static str),
    /// A file or symlink whose name ends with this suffix.
    Suffix(&'static str),
    /// `.env` and `.env.*`, but not templates (`.env.example`, …).
    DotEnv,
    /// `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`.
    Dockerfile,
}

/// One entry of the list.
#[derive(Clone, Copy, Debug)]
pub struct RiskyPath {
    pub id: &'static str,
    pub kind: RiskKind,
    pub description: &'static str,
    rule: NameRule,
}

impl RiskyPath {
    const fn new(
        id: &'static str,
        kind: RiskKind,
        rule: NameRule,
        description: &'static str,
    ) -> Self {
        RiskyPath {
            id,
            kind,
            description,
            rule,
        }
    }

    /// Whether a path element of the given kind matches. Directory rules
    /// look at directories, the others at files and symlinks.
    fn matches(&self, name: &str, is_dir: bool) -> bool {
        match self.rule {
            NameRule::Dir(dir) => is_dir && name == dir,
            NameRule::File(file) => !is_dir && name == file,
            NameRule::Suffix(suffix) => {
                !is_dir && name.len() > suffix.len() && name.ends_with(suffix)
            }
            NameRule::DotEnv => {
                !is_dir
                    && (name == ".env"
                        || (name.starts_with(".env.")
                            && ![".example", ".sample", ".template", ".dist"]
                                .iter()
                                .any(|s| name.ends_with(s))))
            }
            NameRule::Dockerfile => {
                !is_dir
                    && (name == "Dockerfile"
                        || name.starts_with("Dockerfile.")
                        || name.ends_with(".Dockerfile")
                        || name.ends_with(".dockerfile"))
            }
        }
    }
}

use NameRule::{Dir, Dockerfile, DotEnv, File, Suffix};
use RiskKind::{Bloat, BuildFile, Secret};

/// Every risky path Layerlab knows.
pub const RISKY_PATHS: &[RiskyPath] = &[
    RiskyPath::new(
        "dotenv",
        Secret,
        DotEnv,
        "environment file, usually with credentials",
    ),
    RiskyPath::new(
        "pem",
        Secret,
        Suffix(".pem"),
        "PEM certificate or private key",
    ),
    RiskyPath::new("key", Secret, Suffix(".key"), "private key"),
    RiskyPath::new("p12", Secret, Suffix(".p12"), "PKCS#12 key store"),
    RiskyPath::new("pfx", Secret, Suffix(".pfx"), "PKCS#12 key store"),
    RiskyPath::new("id-rsa", Secret, File("id_rsa"), "SSH private key"),
    RiskyPath::new("id-dsa", Secret, File("id_dsa"), "SSH private key"),
    RiskyPath::new("id-ecdsa", Secret, File("id_ecdsa"), "SSH private key"),
    RiskyPath::new("id-ed25519", Secret, File("id_ed25519"), "SSH private key"),
    RiskyPath::new(
        "npmrc",
        Secret,
        File(".npmrc"),
        "npm config, often with a registry token",
    ),
    RiskyPath::new("pypirc", Secret, File(".pypirc"), "PyPI credentials"),
    RiskyPath::new("netrc", Secret, File(".netrc"), "machine login credentials"),
    RiskyPath::new(
        "git-credentials",
        Secret,
        File(".git-credentials"),
        "stored Git credentials",
    ),
    RiskyPath::new("htpasswd", Secret, File(".htpasswd"), "password hashes"),
    RiskyPath::new(
        "tfstate",
        Secret,
        Suffix(".tfstate"),
        "Terraform state, contains secrets in clear text",
    ),
    RiskyPath::new(
        "tfstate-backup",
        Secret,
        Suffix(".tfstate.backup"),
        "Terraform state backup",
    ),
    RiskyPath::new("aws", Secret, Dir(".aws"), "AWS credentials directory"),
    RiskyPath::new("ssh", Secret, Dir(".ssh"), "SSH keys directory"),
    RiskyPath::new(
        "docker-config",
        Secret,
        Dir(".docker"),
        "Docker client config with registry auth",
    ),
    RiskyPath::new("kube", Secret, Dir(".kube"), "Kubernetes credentials"),
    RiskyPath::new("gnupg", Secret, Dir(".gnupg"), "GnuPG keyring"),
    RiskyPath::new(
        "git",
        Bloat,
        Dir(".git"),
        "Git history: large, may hold old secrets, and busts `COPY . .` on every commit",
    ),
    RiskyPath::new(
        "node-modules",
        Bloat,
        Dir("node_modules"),
        "installed npm packages; install them in the image instead",
    ),
    RiskyPath::new(
        "venv",
        Bloat,
        Dir(".venv"),
        "Python virtual environment for the host",
    ),
    RiskyPath::new(
        "pycache",
        Bloat,
        Dir("__pycache__"),
        "Python bytecode cache",
    ),
    RiskyPath::new("pytest-cache", Bloat, Dir(".pytest_cache"), "pytest cache"),
    RiskyPath::new("mypy-cache", Bloat, Dir(".mypy_cache"), "mypy cache"),
    RiskyPath::new("tox", Bloat, Dir(".tox"), "tox environments"),
    RiskyPath::new(
        "terraform-dir",
        Bloat,
        Dir(".terraform"),
        "Terraform providers and modules",
    ),
    RiskyPath::new("idea", Bloat, Dir(".idea"), "JetBrains IDE settings"),
    RiskyPath::new("vscode", Bloat, Dir(".vscode"), "VS Code settings"),
    RiskyPath::new(
        "ds-store",
        Bloat,
        File(".DS_Store"),
        "macOS Finder metadata",
    ),
    RiskyPath::new(
        "dockerfile",
        BuildFile,
        Dockerfile,
        "Dockerfile: any edit, even a comment, busts `COPY . .`",
    ),
    RiskyPath::new(
        "dockerignore",
        BuildFile,
        File(".dockerignore"),
        ".dockerignore: edits bust `COPY . .`",
    ),
    RiskyPath::new(
        "compose-yaml",
        BuildFile,
        File("docker-compose.yml"),
        "Compose file: edits bust `COPY . .`",
    ),
    RiskyPath::new(
        "compose-yaml-long",
        BuildFile,
        File("docker-compose.yaml"),
        "Compose file: edits bust `COPY . .`",
    ),
    RiskyPath::new(
        "compose",
        BuildFile,
        File("compose.yaml"),
        "Compose file: edits bust `COPY . .`",
    ),
    RiskyPath::new(
        "compose-yml",
        BuildFile,
        File("compose.yml"),
        "Compose file: edits bust `COPY . .`",
    ),
];

/// A risky path found among some entries. For directory rules `path` is
/// the top-most matching directory and the counts cover what is below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskyFinding {
    pub rule: &'static str,
    pub kind: RiskKind,
    pub description: &'static str,
    pub path: String,
    pub files: u64,
    pub bytes: u64,
}

/// Which risky paths are among `entries` (for example the entries a
/// `.dockerignore` lets through, or those a COPY selects). Findings are in
/// the order of the entries' paths, then of the list.
pub fn find_risky<'a>(entries: impl IntoIterator<Item = &'a ContextEntry>) -> Vec<RiskyFinding> {
    // (path, rule index) → finding
    let mut found: BTreeMap<(String, usize), RiskyFinding> = BTreeMap::new();
    for entry in entries {
        let components: Vec<&str> = entry.path.split('/').collect();
        let last = components.len().saturating_sub(1);
        for (rule_index, rule) in RISKY_PATHS.iter().enumerate() {
            // The top-most element the rule matches, if any.
            let hit = components.iter().enumerate().find(|(depth, name)| {
                let is_dir = *depth < last || entry.kind == EntryKind::Dir;
                rule.matches(name, is_dir)
            });
            let Some((depth, _)) = hit else {
                continue;
            };
            let root = components[..=depth].join("/");
            let finding = found
                .entry((root.clone(), rule_index))
                .or_insert(RiskyFinding {
                    rule: rule.id,
                    kind: rule.kind,
                    description: rule.description,
                    path: root,
                    files: 0,
                    bytes: 0,
                });
            if entry.kind != EntryKind::Dir {
                finding.files += 1;
                finding.bytes += entry.size;
            }
        }
    }
    let mut findings: Vec<((String, usize), RiskyFinding)> = found.into_iter().collect();
    findings.sort_by(|a, b| super::model::walk_order(&a.0 .0, &b.0 .0).then(a.0 .1.cmp(&b.0 .1)));
    findings.into_iter().map(|(_, f)| f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{BuildContext, Dockerignore};

    #[test]
    fn finds_secrets_bloat_and_build_files() {
        let ctx = BuildContext::new(vec![
            ContextEntry::file(".env", "h", 20),
            ContextEntry::file(".env.example", "h", 20),
            ContextEntry::file("config/.env.production", "h", 5),
            ContextEntry::file("certs/server.pem", "h", 900),
            ContextEntry::file("node_modules/a/index.js", "h", 100),
            ContextEntry::file("node_modules/a/node_modules/b/x.js", "h", 50),
            ContextEntry::file(".git/HEAD", "h", 21),
            ContextEntry::file("Dockerfile", "h", 300),
            ContextEntry::file("src/key.go", "h", 10),
            ContextEntry::file("home/.ssh/id_rsa", "h", 1600),
        ]);
        let findings = find_risky(ctx.entries());
        let got: Vec<(&str, &str, u64)> = findings
            .iter()
            .map(|f| (f.rule, f.path.as_str(), f.files))
            .collect();
        assert_eq!(
            got,
            vec![
                ("dotenv", ".env", 1),
                ("git", ".git", 1),
                ("dockerfile", "Dockerfile", 1),
                ("pem", "certs/server.pem", 1),
                ("dotenv", "config/.env.production", 1),
                ("ssh", "home/.ssh", 1),
                ("id-rsa", "home/.ssh/id_rsa", 1),
                ("node-modules", "node_modules", 2),
            ]
        );
        let modules = findings.iter().find(|f| f.rule == "node-modules").unwrap();
        assert_eq!(modules.bytes, 150);
        assert_eq!(modules.kind, RiskKind::Bloat);
    }

    #[test]
    fn a_dockerignore_removes_findings() {
        let ctx = BuildContext::new(vec![
            ContextEntry::file(".env", "h", 20),
            ContextEntry::file("node_modules/a.js", "h", 1),
            ContextEntry::file("app.js", "h", 1),
        ]);
        let filter = ctx.apply_dockerignore(&Dockerignore::parse(".env\nnode_modules\n"));
        assert!(find_risky(filter.included_entries()).is_empty());
        assert_eq!(find_risky(ctx.entries()).len(), 2);
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = RISKY_PATHS.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RISKY_PATHS.len());
    }
}
