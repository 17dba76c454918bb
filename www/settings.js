// Build settings: which Dockerfile, target stage, builder (BuildKit or the
// legacy builder), platform and build args. They feed analyze, the cache
// simulator and the size estimator alike.

import { fill, h, keepFocus } from "./dom.js";
import { askFields } from "./dialogs.js";

const PLATFORMS = ["", "linux/amd64", "linux/arm64", "linux/arm/v7"];

export class BuildSettings {
  constructor(root, project, dialog) {
    this.root = root;
    this.project = project;
    this.dialog = dialog;
    this.stages = [];
  }

  /** Stage names of the active Dockerfile, from the last report. */
  setStages(stages) {
    const names = stages.map((s) => s.name ?? String(s.index));
    if (names.join("\0") === this.stages.join("\0")) return;
    this.stages = names;
    this.render();
  }

  render() {
    keepFocus(this.root, () => this.draw());
  }

  draw() {
    const settings = this.project.settings;
    const dockerfiles = this.project.pathsOfKind("dockerfile");
    const active = this.project.activeDockerfile();
    const update = (patch) => this.project.updateSettings(patch);
    const field = (label, control) => h("label", { class: "setting" }, h("span", null, label), control);
    const targetOptions = [h("option", { value: "" }, "(last stage)"), ...this.stages.map((name) => h("option", { value: name }, name))];
    if (settings.target && !this.stages.includes(settings.target)) {
      targetOptions.push(h("option", { value: settings.target }, `${settings.target} (no such stage)`));
    }
    const target = h("select", { "data-testid": "target-select", onChange: (e) => update({ target: e.target.value }) }, targetOptions);
    target.value = settings.target;
    const args = Object.entries(settings.buildArgs);
    fill(this.root, 
      dockerfiles.length > 1
        ? field(
            "Dockerfile",
            h(
              "select",
              { "data-testid": "dockerfile-select", onChange: (e) => update({ dockerfile: e.target.value, target: "" }) },
              dockerfiles.map((path) => h("option", { value: path, selected: path === active }, path)),
            ),
          )
        : null,
      field("Target stage", target),
      field(
        "Builder",
        h(
          "select",
          { "data-testid": "builder-select", onChange: (e) => update({ builder: e.target.value }) },
          h("option", { value: "buildkit", selected: settings.builder === "buildkit" }, "BuildKit"),
          h("option", { value: "legacy", selected: settings.builder === "legacy" }, "Legacy builder"),
        ),
      ),
      field(
        "Platform",
        h(
          "select",
          { "data-testid": "platform-select", onChange: (e) => update({ platform: e.target.value }) },
          PLATFORMS.map((p) => h("option", { value: p, selected: p === settings.platform }, p || "default (linux/amd64)")),
        ),
      ),
      h(
        "fieldset",
        { class: "build-args" },
        h("legend", null, "Build args"),
        args.length === 0 ? h("p", { class: "muted small" }, "None.") : null,
        h(
          "ul",
          { "data-testid": "build-args" },
          args.map(([name, value]) =>
            h(
              "li",
              null,
              h("label", { class: "arg" }, h("code", null, name), h("input", {
                value,
                "aria-label": `Value of ${name}`,
                onChange: (e) => update({ buildArgs: { ...settings.buildArgs, [name]: e.target.value } }),
              })),
              h("button", {
                type: "button",
                class: "icon-button",
                "aria-label": `Remove build arg ${name}`,
                onClick: () => {
                  const next = { ...settings.buildArgs };
                  delete next[name];
                  update({ buildArgs: next });
                },
              }, "×"),
            ),
          ),
        ),
        h("button", {
          type: "button",
          "data-action": "add-arg",
          onClick: async () => {
            const v = await askFields(this.dialog, {
              title: "Add a build arg",
              submit: "Add",
              fields: [
                { name: "name", label: "Name", value: "", pattern: "[A-Za-z_][A-Za-z0-9_]*" },
                { name: "value", label: "Value", value: "", required: false },
              ],
            });
            if (v) update({ buildArgs: { ...settings.buildArgs, [v.name]: v.value } });
          },
        }, "Add build arg"),
      ),
    );
  }
}
