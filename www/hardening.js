// The hardening checklist: the security advice of "Docker in production"
// as items that pass or fail on the report's findings. An item fails when
// one of its rules reports something (each finding links to its place); it
// passes when the core has at least one of its rules and none fired; it is
// "not checked" when this core has none of them (an honest blank, not a
// green tick), as it is when the only rules for it read a kind of file the
// project does not have.

import { fill, h } from "./dom.js";

export const CHECKLIST = [
  {
    id: "non-root",
    title: "Runs as a non-root user",
    why: "A process that escapes the container as root owns the host's files; a USER line costs nothing.",
    codes: ["DL3002", "LL2015", "LL3004"],
  },
  {
    id: "pinned-base",
    title: "Base images are pinned",
    why: "latest or no tag moves under you: the same Dockerfile builds something else next week.",
    codes: ["DL3006", "DL3007", "LL2007"],
  },
  {
    id: "no-secrets",
    title: "No secrets in the image or the compose file",
    why: "ARG and ENV values stay in the image history; credentials written in compose end up in version control.",
    codes: ["SecretsUsedInArgOrEnv", "LL2003"],
  },
  {
    id: "healthcheck",
    title: "Health checks",
    why: "Without one, an orchestrator sends traffic to a container that is up but not working.",
    codes: ["LL2029", "LL1007", "LL2002"],
  },
  {
    id: "exec-form",
    title: "Exec-form CMD and ENTRYPOINT",
    why: "In shell form the shell is PID 1, so SIGTERM never reaches the app and every stop waits for the kill.",
    codes: ["JSONArgsRecommended", "DL3025", "LL1010"],
  },
  {
    id: "minimal-packages",
    title: "Only the packages that are needed",
    why: "Recommended packages and left-over package lists make the image bigger and the attack surface wider.",
    codes: ["DL3015", "DL3009", "DL3008", "DL3018"],
  },
  {
    id: "no-sudo",
    title: "No sudo, no privileges beyond need",
    why: "sudo in a build hides who runs what; privileged containers and host namespaces give the host away.",
    codes: ["DL3004", "LL2005", "LL2014", "LL2016", "LL2019", "LL2021", "LL2022"],
  },
  {
    id: "copy-not-add",
    title: "COPY rather than ADD",
    why: "ADD fetches URLs and unpacks archives implicitly; COPY does only what it says.",
    codes: ["DL3020", "DL3010"],
  },
  {
    id: "least-exposure",
    title: "Databases and caches are not published",
    why: "A database port on all host interfaces is reachable from outside; services talk over the compose network.",
    codes: ["LL2004", "LL2023", "LL2024"],
  },
  {
    id: "limits",
    title: "Resource limits and a read-only root filesystem",
    why: "Without memory, CPU and process limits one container can starve the host; a writable root filesystem lets an intruder change the app.",
    codes: ["LL2012", "LL2013", "LL2031"],
  },
];

/**
 * Evaluate the checklist: `[{ ...item, state: "pass"|"fail"|"unchecked", findings }]`.
 * `ruleTargets` maps each code the core knows to the kind of file it reads;
 * `presentKinds` is the set of kinds the project has (a compose rule
 * checks nothing in a project without a compose file).
 */
export function evaluate(diagnostics, ruleTargets, presentKinds) {
  return CHECKLIST.map((item) => {
    const findings = diagnostics.filter((d) => item.codes.includes(d.code));
    const checked = item.codes.some((code) => presentKinds.has(ruleTargets.get(code)));
    const state = findings.length ? "fail" : checked ? "pass" : "unchecked";
    return { ...item, state, findings };
  });
}

const STATE_TEXT = { pass: "pass", fail: "fail", unchecked: "not checked" };

export function renderChecklist(root, results, { reveal }) {
  const passed = results.filter((r) => r.state === "pass").length;
  const failed = results.filter((r) => r.state === "fail").length;
  fill(root, 
    h(
      "p",
      { class: "panel-summary", "data-testid": "hardening-summary" },
      `${passed} passing, ${failed} failing, ${results.length - passed - failed} not checked by this core.`,
    ),
    h(
      "ul",
      { class: "checklist", "data-testid": "hardening" },
      results.map((item) =>
        h(
          "li",
          { class: `check ${item.state}`, dataset: { check: item.id, state: item.state } },
          h("span", { class: `check-state ${item.state}`, "aria-hidden": "true" }, item.state === "pass" ? "✓" : item.state === "fail" ? "✗" : "–"),
          h(
            "div",
            { class: "check-body" },
            h("strong", null, item.title),
            h("span", { class: "visually-hidden" }, `: ${STATE_TEXT[item.state]}`),
            h("p", { class: "muted small" }, item.why),
            item.findings.length
              ? h(
                  "ul",
                  { class: "check-findings" },
                  item.findings.map((d) =>
                    h(
                      "li",
                      null,
                      h(
                        "button",
                        { type: "button", class: "link-button", dataset: { code: d.code }, onClick: () => reveal(d) },
                        `${d.file}:${d.line} ${d.code}`,
                      ),
                      ` ${d.message}`,
                    ),
                  ),
                )
              : null,
          ),
        ),
      ),
    ),
  );
}
