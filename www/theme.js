// Light and dark: the system's preference unless the user picked one (kept
// in localStorage). The choice is an attribute on <html>; every colour is a
// CSS custom property, the editor's included.

const KEY = "layerlab-theme";
const media = matchMedia("(prefers-color-scheme: dark)");

function stored() {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

export class Theme {
  constructor(button, onChange) {
    this.button = button;
    this.onChange = onChange;
    this.choice = stored();
    media.addEventListener("change", () => this.apply());
    button.addEventListener("click", () => this.toggle());
    this.apply();
  }

  /** The theme in effect: "light" or "dark". */
  effective() {
    return this.choice === "system" ? (media.matches ? "dark" : "light") : this.choice;
  }

  /** Flip to the opposite of what is shown; flipping back to the system's own choice follows the system again. */
  toggle() {
    const next = this.effective() === "dark" ? "light" : "dark";
    const system = media.matches ? "dark" : "light";
    this.choice = next === system && this.choice !== "system" ? "system" : next;
    try {
      if (this.choice === "system") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, this.choice);
    } catch {
      // Storage may be off (private mode): the choice lasts for this page.
    }
    this.apply();
  }

  apply() {
    const root = document.documentElement;
    if (this.choice === "system") root.removeAttribute("data-theme");
    else root.dataset.theme = this.choice;
    const effective = this.effective();
    root.dataset.effectiveTheme = effective;
    this.button.textContent = `Theme: ${this.choice === "system" ? `system (${effective})` : effective}`;
    this.button.title = this.choice === "system" ? "Following the system's light or dark setting; click to switch" : "Click to switch the theme";
    this.onChange?.(effective === "dark");
  }
}
