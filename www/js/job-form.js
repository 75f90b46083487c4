// The "Run a job" card: turns the form into a ComputeHordeJobSpec (with the SDK's volume
// classes) and creates the job. Every check is the SDK's: its TypeError/RangeError names the
// field, and the error is shown next to that field.
import {
  ExecutorClass, HTTPInputVolume, HTTPOutputVolume, HuggingfaceInputVolume, InlineInputVolume,
} from "compute-horde-sdk";
import { $, $$, errorMessage, formatBytes, fromTemplate } from "./dom.js";
import {
  clearErrors, clearOnInput, isValidationError, keyCandidates, parseFieldError, showFieldError, showSummary,
} from "./field-errors.js";

/** An error about one input of the form (found before the SDK is called). */
class FieldProblem extends Error {
  constructor(input, message) {
    super(message);
    this.input = input;
  }
}

/**
 * @param {HTMLElement} section the #submit card
 * @param {{ getClient(): import("compute-horde-sdk").ComputeHordeClient | null, onCreated(job): void }} hooks
 */
export function createJobForm(section, hooks) {
  const form = $("#job-form", section);
  const summary = $("#job-form-error", section);
  const submit = $("#job-submit", section);
  const envRows = $("#env-rows", section);
  const inputRows = $("#input-rows", section);
  const outputRows = $("#output-rows", section);
  const fields = {
    executorClass: $("#executor-class", section),
    jobNamespace: $("#job-namespace", section),
    dockerImage: $("#docker-image", section),
    args: $("#args", section),
    artifactsDir: $("#artifacts-dir", section),
    downloadTimeLimitSec: $("#download-limit", section),
    executionTimeLimitSec: $("#execution-limit", section),
    uploadTimeLimitSec: $("#upload-limit", section),
  };

  for (const value of Object.values(ExecutorClass)) {
    fields.executorClass.append(new Option(value, value));
  }
  fields.executorClass.value = ExecutorClass.always_on__llm__a6000;
  clearOnInput(form);

  // ── rows ──────────────────────────────────────────────────────────────────────────────────
  // Row controls are named "Mount path (input volume 2)" etc. for screen readers.
  function renumber(list, noun) {
    $$(":scope > li", list).forEach((row, i) => {
      const n = i + 1;
      row.querySelector("[data-action='remove']").setAttribute("aria-label", `Remove ${noun} ${n}`);
      for (const label of row.querySelectorAll("label[data-label]")) {
        document.getElementById(label.htmlFor)?.setAttribute("aria-label", `${label.dataset.label} (${noun} ${n})`);
      }
    });
  }

  function addRow(list, templateId, noun, setup) {
    const row = fromTemplate(templateId);
    list.append(row);
    row.querySelector("[data-action='remove']").addEventListener("click", () => {
      const next = row.nextElementSibling ?? row.previousElementSibling;
      row.remove();
      renumber(list, noun);
      (next?.querySelector("input, select") ?? list.parentElement.querySelector("button")).focus();
    });
    setup?.(row);
    renumber(list, noun);
    row.querySelector("input, select").focus();
    return row;
  }

  function setupInputRow(row) {
    const type = row.querySelector("[data-field='type']");
    const mount = row.querySelector("[data-field='mount']");
    const show = () => {
      for (const part of row.querySelectorAll("[data-kind]")) part.hidden = part.dataset.kind !== type.value;
    };
    type.addEventListener("change", show);
    const file = row.querySelector("[data-field='file']");
    file.addEventListener("change", () => {
      const hint = row.querySelector("[data-hint]");
      const chosen = file.files?.[0];
      hint.textContent = chosen
        ? `${chosen.name} · ${formatBytes(chosen.size)} — unpacked as ${mount.value.replace(/\/?$/, "/")}${chosen.name}`
        : "Sent inside the signed request as a zip, unpacked at the mount path: keep it small.";
    });
    show();
  }

  $("#env-add", section).addEventListener("click", () => addRow(envRows, "tpl-env-row", "variable"));
  $("#input-add", section).addEventListener("click", () => addRow(inputRows, "tpl-input-row", "input volume", setupInputRow));
  $("#output-add", section).addEventListener("click", () => addRow(outputRows, "tpl-output-row", "output upload"));

  // ── form → spec ───────────────────────────────────────────────────────────────────────────
  const field = (row, name) => row.querySelector(`[data-field='${name}']`);
  const optional = (input) => (input.value.trim() === "" ? undefined : input.value.trim());
  const number = (input) => (input.value.trim() === "" ? undefined : Number(input.value.trim()));

  /** Runs `make` (an SDK constructor); its field-naming error is pinned to the row's input. */
  function inRow(row, make, fieldInputs) {
    try {
      return make();
    } catch (error) {
      const parsed = isValidationError(error) ? parseFieldError(error.message) : null;
      const input = parsed && fieldInputs[parsed.field];
      if (input) throw new FieldProblem(input, parsed.text);
      throw error;
    }
  }

  /** Adds `value` under `key`, refusing a key given twice (an object cannot hold both). */
  function put(target, key, value, input) {
    if (Object.hasOwn(target, key)) throw new FieldProblem(input, `${JSON.stringify(key)} is used twice`);
    target[key] = value;
  }

  async function buildSpec() {
    const spec = {
      executorClass: fields.executorClass.value,
      jobNamespace: fields.jobNamespace.value.trim(),
      dockerImage: fields.dockerImage.value.trim(),
      args: fields.args.value.split(/\r?\n/).filter((line) => line.trim() !== ""),
      env: {},
      artifactsDir: optional(fields.artifactsDir),
      inputVolumes: {},
      outputVolumes: {},
      downloadTimeLimitSec: number(fields.downloadTimeLimitSec),
      executionTimeLimitSec: number(fields.executionTimeLimitSec),
      uploadTimeLimitSec: number(fields.uploadTimeLimitSec),
    };
    for (const row of $$(":scope > li", envRows)) {
      const key = field(row, "key");
      const value = field(row, "value");
      if (key.value.trim() === "" && value.value === "") continue; // an untouched row
      if (key.value.trim() === "") throw new FieldProblem(key, "a variable needs a name");
      put(spec.env, key.value.trim(), value.value, key);
    }
    for (const row of $$(":scope > li", inputRows)) {
      const mount = field(row, "mount");
      const type = field(row, "type").value;
      let volume;
      if (type === "http") {
        const url = field(row, "url");
        volume = inRow(row, () => new HTTPInputVolume({ url: optional(url) }), { url });
      } else if (type === "huggingface") {
        const repoId = field(row, "repoId");
        const revision = field(row, "revision");
        volume = inRow(row, () => new HuggingfaceInputVolume({ repoId: optional(repoId), revision: optional(revision) }),
          { repoId, revision });
      } else {
        const file = field(row, "file");
        const chosen = file.files?.[0];
        if (!chosen) throw new FieldProblem(file, "choose a file to upload");
        const bytes = new Uint8Array(await chosen.arrayBuffer());
        volume = inRow(row, () => InlineInputVolume.fromFileContents(chosen.name, bytes), { filename: file, contents: file });
      }
      put(spec.inputVolumes, mount.value.trim(), volume, mount);
    }
    for (const row of $$(":scope > li", outputRows)) {
      const mount = field(row, "mount");
      const url = field(row, "url");
      const httpMethod = field(row, "httpMethod");
      const volume = inRow(row, () => new HTTPOutputVolume({ httpMethod: httpMethod.value, url: optional(url) }),
        { url, httpMethod, formFields: httpMethod, signedHeaders: url });
      put(spec.outputVolumes, mount.value.trim(), volume, mount);
    }
    return spec;
  }

  /** The input an SDK validation message is about, or null. */
  function inputForSdkError(message) {
    const parsed = parseFieldError(message);
    if (!parsed) return null;
    const { field: name, key } = parsed;
    const byKey = (list, fieldName) => {
      if (key === null) return list.querySelector(`[data-field='${fieldName}']`);
      const names = keyCandidates(key);
      for (const row of $$(":scope > li", list)) {
        const input = field(row, fieldName);
        if (names.has(input.value.trim())) return input;
      }
      return null;
    };
    switch (name) {
      case "env": return byKey(envRows, "key");
      case "inputVolumes": return byKey(inputRows, "mount");
      case "outputVolumes": return byKey(outputRows, "mount");
      default: return fields[name] ?? null;
    }
  }

  function showProblem(input, text) {
    const details = input.closest("details");
    if (details) details.open = true;
    showFieldError(input, text);
    showSummary(summary, "The job was not sent: check the highlighted field.");
    input.focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    summary.classList.remove("info");
    const client = hooks.getClient();
    if (!client) {
      showSummary(summary, "Connect first (step 1).");
      document.getElementById("connect-submit")?.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = "Submitting…";
    form.setAttribute("aria-busy", "true");
    try {
      const spec = await buildSpec();
      const job = await client.createJob(spec);
      hooks.onCreated(job);
    } catch (error) {
      if (error instanceof FieldProblem) {
        showProblem(error.input, error.message);
      } else if (isValidationError(error) && inputForSdkError(error.message)) {
        showProblem(inputForSdkError(error.message), parseFieldError(error.message).text);
      } else {
        showSummary(summary, errorMessage(error));
      }
    } finally {
      submit.disabled = false;
      submit.textContent = "Run job";
      form.removeAttribute("aria-busy");
    }
  });
}
