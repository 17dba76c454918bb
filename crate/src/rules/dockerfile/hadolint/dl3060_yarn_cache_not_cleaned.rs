use super::assume_yes::verb_range;
use super::shell_runs::{append_after_last, cache_locations, run_sites, shipped_stages};
use crate::diagnostic::Diagnostic;
use crate::rules::dockerfile::{Checker, DockerfileRule};
use crate::rules::RuleMeta;
use crate::shell::packages::{facts, Action, CacheKind, Manager};

crate::declare_rule! {
    /// ## What it does
    /// Flags a RUN that installs with yarn (`yarn`, `yarn install`, `yarn
    /// add`, `yarn global add`) without `yarn cache clean` (or removing the
    /// yarn cache directory) after it in the same RUN, in a stage whose
    /// files end up in the image: the final stage and the stages it is
    /// built `FROM`. A stage only copied from keeps its cache to itself.
    ///
    /// A `--mount=type=cache` or `type=tmpfs` over the yarn cache
    /// (`/usr/local/share/.cache/yarn`, `~/.cache/yarn`, `~/.yarn/berry/cache`)
    /// keeps it out of the layer and is not reported. hadolint looks for
    /// `yarn install` only; Layerlab also counts bare `yarn` and `yarn add`,
    /// which fill the same cache.
    ///
    /// ## Why is this bad?
    /// yarn keeps a copy of every package tarball in its global cache; in an
    /// image that copy doubles the size of `node_modules` for nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-alpine
    /// COPY package.json yarn.lock ./
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-alpine
    /// COPY package.json yarn.lock ./
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## Fix
    /// Appends `&& yarn cache clean` after the last install.
    ///
    /// ## References
    /// - [hadolint DL3060](https://github.com/hadolint/hadolint/wiki/DL3060)
    /// - [yarn cache](https://classic.yarnpkg.com/en/docs/cli/cache)
    pub struct YarnCacheNotCleaned {
        code: "DL3060",
        name: "yarn-cache-not-cleaned",
        origin: Hadolint,
        target: Dockerfile,
        severity: Info,
        category: Size,
        summary: "`yarn cache clean` missing after `yarn install` was run",
        url: "https://github.com/hadolint/hadolint/wiki/DL3060",
    }
}

impl DockerfileRule for YarnCacheNotCleaned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, checker: &Checker<'_>, out: &mut Vec<Diagnostic>) {
        let shipped = shipped_stages(checker.model);
        for site in run_sites(checker) {
            let ships = checker
                .stage_of(site.index)
                .is_some_and(|stage| shipped.contains(&stage.index));
            if !ships || site.mount_covers(checker, &cache_locations(&[CacheKind::YarnCache])) {
                continue;
            }
            let mut installs = Vec::new();
            let mut cleaned_after = false;
            for (index, run_script) in site.scripts.iter().enumerate() {
                let found = facts(&run_script.script);
                for package in &found.packages {
                    if package.manager == Manager::Yarn
                        && matches!(
                            package.action,
                            Action::Install | Action::InstallDependencies
                        )
                    {
                        installs.push((index, package.clone()));
                        cleaned_after = false;
                    }
                }
                let last_install = installs.last().map(|(i, p)| (*i, p.range.start()));
                cleaned_after |= found.cleanups.iter().any(|c| {
                    c.complete
                        && c.target == CacheKind::YarnCache
                        && run_script.script.command(c.command).is_some_and(|command| {
                            last_install.is_some_and(|last| (index, command.range.start()) > last)
                        })
                });
            }
            let (Some((first_script, first)), Some((last_script, _))) =
                (installs.first(), installs.last())
            else {
                continue;
            };
            if cleaned_after {
                continue;
            }
            let script = &site.scripts[*first_script];
            let mut diagnostic = checker.diagnostic(
                &Self::META,
                verb_range(script, first),
                "`yarn cache clean` missing after `yarn install` was run.",
            );
            let holder = &site.scripts[*last_script];
            let commands: Vec<_> = installs
                .iter()
                .filter(|(i, _)| i == last_script)
                .filter_map(|(_, p)| holder.script.command(p.command))
                .collect();
            if let Some(fix) = append_after_last(
                holder,
                &commands,
                "yarn cache clean",
                "Append `yarn cache clean`",
            ) {
                diagnostic = diagnostic.with_fix(fix);
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{assert_fixed, codes, findings};

    #[test]
    fn fires_in_stages_that_ship() {
        let text = "FROM node:22\nRUN yarn install --frozen-lockfile\n";
        assert_eq!(
            findings(text, "DL3060")[0].range.slice(text),
            "yarn install"
        );
        for run in [
            "yarn",
            "yarn add left-pad@1.3.0",
            "yarn global add serve@14.2.1",
        ] {
            assert_eq!(
                codes(&format!("FROM a\nRUN {run}\n"), "DL3060"),
                [2],
                "{run}"
            );
        }
        // The final stage's parent stage ships too.
        assert_eq!(
            codes(
                "FROM a AS deps\nRUN yarn install\nFROM deps\nCMD x\n",
                "DL3060"
            ),
            [2]
        );
        assert_eq!(codes("FROM a\nONBUILD RUN yarn install\n", "DL3060"), [2]);
        assert_eq!(
            codes("FROM a\nRUN <<EOF\nyarn install\nEOF\n", "DL3060"),
            [3]
        );
        assert_eq!(
            codes("FROM a\nRUN yarn cache clean && yarn install\n", "DL3060"),
            [2]
        );
    }

    #[test]
    fn quiet_when_cleaned_cached_or_not_shipped() {
        for text in [
            "FROM a\nRUN yarn install && yarn cache clean\n",
            "FROM a\nRUN yarn install && yarn cache clean --all\n",
            "FROM a\nRUN yarn install && rm -rf /usr/local/share/.cache/yarn\n",
            "FROM a\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
            "FROM a\nRUN --mount=type=cache,target=/root/.cache yarn install\n",
            "FROM a AS build\nRUN yarn install && yarn build\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n",
            "FROM a\nRUN npm ci\n",
            "FROM a\nRUN yarn build\n",
            "FROM a\n# hadolint ignore=DL3060\nRUN yarn install\n",
        ] {
            assert!(codes(text, "DL3060").is_empty(), "{text}");
        }
    }

    #[test]
    fn fix_appends_the_clean() {
        assert_fixed(
            "FROM a\nRUN yarn install --frozen-lockfile && yarn build\n",
            "DL3060",
            "FROM a\nRUN yarn install --frozen-lockfile && yarn build && yarn cache clean\n",
        );
    }
}
