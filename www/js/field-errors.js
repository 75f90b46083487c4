// Puts validation errors next to the field they are about.
//
// The SDK refuses invalid arguments with a TypeError or RangeError whose message starts with
// the field's name: "dockerImage: must not be empty", "args[1]: must be a string",
// "inputVolumes['/data/x']: mount path must start with '/volume/'". parseFieldError() splits
// that prefix off; the caller maps it to an input, and showFieldError() marks the input
// (aria-invalid, aria-describedby) and writes the message under it.

/** `{ field, key, index, text }` of an SDK validation message, or null when it names no field. */
export function parseFieldError(message) {
  const m = /^([A-Za-z_$][\w$]*)(?:\[(?:'(.*?)'|(\d+))\])?(?:\.[A-Za-z_$][\w$.]*)?: (.*)$/s.exec(String(message));
  if (!m) return null;
  const [, field, key, index, text] = m;
  return { field, key: key ?? null, index: index === undefined ? null : Number(index), text };
}

/** The spellings a quoted key may have in a message: as written, and with `\'`/`\\` unescaped. */
export function keyCandidates(key) {
  return new Set([key, key.replace(/\\(.)/g, "$1")]);
}

/** Whether `error` is an argument error (the SDK's TypeError/RangeError naming a field). */
export const isValidationError = (error) => error instanceof TypeError || error instanceof RangeError;

function errorElementFor(input) {
  const id = `${input.id}-error`;
  let el = document.getElementById(id);
  if (!el) {
    el = document.createElement("p");
    el.className = "field-error";
    el.id = id;
    const field = input.closest(".field") ?? input.parentElement;
    field.append(el);
  }
  return el;
}

/** Marks `input` invalid and shows `text` under it; the input's description now starts with it. */
export function showFieldError(input, text) {
  const el = errorElementFor(input);
  el.textContent = text;
  el.hidden = false;
  input.setAttribute("aria-invalid", "true");
  const ids = (input.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((id) => id && id !== el.id);
  input.setAttribute("aria-describedby", [el.id, ...ids].join(" "));
  input.closest(".row-card, .env-row")?.classList.add("has-error");
}

export function clearFieldError(input) {
  input.removeAttribute("aria-invalid");
  const el = document.getElementById(`${input.id}-error`);
  if (el) {
    el.hidden = true;
    el.textContent = "";
    const ids = (input.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((id) => id && id !== el.id);
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
  }
  const row = input.closest(".row-card, .env-row");
  if (row && !row.querySelector("[aria-invalid='true']")) row.classList.remove("has-error");
}

/** Clears every field error inside `root`, and its form-level error `summary`. */
export function clearErrors(root, summary) {
  for (const input of root.querySelectorAll("[aria-invalid='true']")) clearFieldError(input);
  if (summary) {
    summary.hidden = true;
    summary.textContent = "";
  }
}

export function showSummary(summary, text) {
  summary.textContent = text;
  summary.hidden = false;
}

/** Clears a field's error as soon as the user edits it. */
export function clearOnInput(root) {
  const handler = (event) => {
    const target = event.target;
    if (target?.getAttribute?.("aria-invalid") === "true") clearFieldError(target);
  };
  root.addEventListener("input", handler);
  root.addEventListener("change", handler);
}
