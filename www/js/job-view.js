// The job card: a live status timeline (job.wait({ onStatus, signal })), then the results
// (stdout, stderr, artifacts as downloads, upload receipts) or the error details.
import { JobStatus } from "compute-horde-sdk";
import {
  $, announce, copyText, errorMessage, fillKv, formatBytes, formatDateTime, formatDelta, formatTime, h,
  isAbort, setBadge, shortId, statusLabel, statusTone,
} from "./dom.js";

const ERROR_TITLES = { rejection: "Job rejected", failure: "Job failed", horde_failure: "The horde could not run the job" };

/**
 * @param {HTMLElement} section the #job card
 * @param {{ onUpdate(job): void }} hooks called when a wait ends (the list can update its row)
 */
export function createJobView(section, hooks) {
  const el = {
    title: $("#job-title", section),
    badge: $("#job-badge", section),
    empty: $("#job-empty", section),
    detail: $("#job-detail", section),
    uuid: $("#job-uuid", section),
    facts: $("#job-facts", section),
    waitText: $("#job-wait-text", section),
    waitBar: $("#job-wait-bar", section),
    stop: $("#job-stop", section),
    resume: $("#job-resume", section),
    timeline: $("#job-timeline", section),
    error: $("#job-error", section),
    errorTitle: $("#job-error-title", section),
    errorDetails: $("#job-error-details", section),
    results: $("#job-results", section),
    stdout: $("#job-stdout", section),
    stderr: $("#job-stderr", section),
    stderrBlock: $("#stderr-block", section),
    artifacts: $("#job-artifacts", section),
    artifactsBlock: $("#artifacts-block", section),
    uploads: $("#job-uploads", section),
    uploadsBlock: $("#uploads-block", section),
  };

  let job = null;
  let controller = null; // aborts the current wait
  let blobUrls = [];
  let rendered = 0; // timeline entries shown

  function revokeBlobs() {
    for (const url of blobUrls) URL.revokeObjectURL(url);
    blobUrls = [];
  }

  function setWaiting(waiting, text) {
    el.stop.hidden = !waiting;
    el.resume.hidden = waiting || !JobStatus.isInProgress(job.status);
    el.waitBar.dataset.state = waiting ? "waiting" : "idle";
    el.waitBar.dataset.tone = waiting || JobStatus.isInProgress(job.status) ? "" : statusTone(job.status);
    el.waitText.textContent = text;
  }

  // ── timeline ──────────────────────────────────────────────────────────────────────────────
  function appendEntry(entry, first) {
    const tone = statusTone(entry.status);
    const delta = first ? formatDelta(entry.createdAt - first) : "";
    const item = h("li", { class: `tl-item tone-${tone}` },
      h("span", { class: "tl-dot", "aria-hidden": "true" }),
      h("div", { class: "tl-body" },
        h("span", { class: "tl-status", text: statusLabel(entry.status) }),
        h("span", { class: "tl-time" },
          h("time", { dateTime: entry.createdAt.toISOString(), text: formatTime(entry.createdAt) }),
          delta ? h("span", { class: "tl-delta", text: ` ${delta}` }) : null),
        entry.metadata?.comment ? h("span", { class: "tl-comment", text: String(entry.metadata.comment) }) : null));
    el.timeline.querySelector(".tl-pending")?.remove();
    el.timeline.querySelector(".tl-current")?.classList.remove("tl-current");
    item.classList.add("tl-current");
    el.timeline.append(item);
    rendered++;
  }

  function showPending() {
    el.timeline.querySelector(".tl-pending")?.remove();
    if (!JobStatus.isInProgress(job.status)) return;
    el.timeline.append(h("li", { class: "tl-item tl-pending", "aria-hidden": "true" },
      h("span", { class: "tl-dot" }), h("div", { class: "tl-body" }, h("span", { class: "tl-status", text: "Waiting for the next status…" }))));
  }

  function renderTimeline() {
    el.timeline.replaceChildren();
    rendered = 0;
    const history = job.statusHistory;
    for (const entry of history) appendEntry(entry, history[0].createdAt);
    showPending();
  }

  // ── header, results, error ────────────────────────────────────────────────────────────────
  function renderHeader() {
    el.uuid.textContent = job.uuid;
    setBadge(el.badge, job.status);
    el.badge.setAttribute("aria-label", `Status: ${statusLabel(job.status)}`);
    fillKv(el.facts, [
      ["Image", h("code", { text: job.dockerImage })],
      ["Executor", job.executorClass],
      ["Namespace", job.jobNamespace],
      ["Queue", job.tag],
      ["Created", formatDateTime(job.createdAt)],
    ]);
  }

  function renderOutcome() {
    revokeBlobs();
    const error = job.error;
    el.error.hidden = !error;
    if (error) {
      el.error.dataset.kind = error.kind;
      el.errorTitle.textContent = ERROR_TITLES[error.kind] ?? "Job failed";
      const context = error.context === null || error.context === undefined ? null : JSON.stringify(error.context, null, 2);
      fillKv(el.errorDetails, [
        ["Kind", h("code", { text: error.kind })],
        ["Reason", h("code", { text: error.reason })],
        ["Message", error.message],
        ["Reported by", error.reportedBy],
        ["Context", context ? h("pre", { class: "context", text: context }) : null],
      ]);
    }

    const result = job.result;
    el.results.hidden = !result;
    if (!result) return;
    el.stdout.textContent = result.stdout || "";
    el.stdout.dataset.empty = result.stdout ? "false" : "true";
    el.stderrBlock.hidden = !result.stderr;
    el.stderr.textContent = result.stderr || "";

    const artifacts = Object.entries(result.artifacts ?? {});
    el.artifactsBlock.hidden = artifacts.length === 0;
    el.artifacts.replaceChildren(...artifacts.map(([path, bytes]) => {
      const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
      blobUrls.push(url);
      const name = path.split("/").pop() || "artifact";
      return h("li", { class: "file" },
        h("span", { class: "file-icon", "aria-hidden": "true" }),
        h("a", { href: url, download: name, text: path }),
        h("span", { class: "file-size", text: formatBytes(bytes.length) }));
    }));

    const uploads = Object.entries(result.uploadResults ?? {});
    el.uploadsBlock.hidden = uploads.length === 0;
    el.uploads.replaceChildren(...uploads.map(([path, receipt]) => {
      const headers = Object.entries(receipt.headers ?? {}).map(([k, v]) => `${k}: ${v}`).join("\n");
      return h("li", { class: "upload" },
        h("p", { class: "upload-path mono", text: path }),
        headers ? h("pre", { class: "context", text: headers }) : null,
        receipt.body ? h("pre", { class: "context", text: receipt.body }) : h("p", { class: "muted", text: "Empty response body." }));
    }));
  }

  function renderAll() {
    renderHeader();
    renderTimeline();
    renderOutcome();
  }

  // ── waiting ───────────────────────────────────────────────────────────────────────────────
  async function wait() {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const current = job;
    let seen = 0;
    setWaiting(true, "Waiting for the job to end…");
    try {
      await current.wait({
        signal: mine.signal,
        onStatus: (updated, entry) => {
          if (mine.signal.aborted || job !== current) return;
          seen++;
          if (seen <= rendered) return; // replayed entries already on screen
          const first = updated.statusHistory[0]?.createdAt;
          appendEntry(entry, first);
          showPending();
          setBadge(el.badge, entry.status);
          el.badge.setAttribute("aria-label", `Status: ${statusLabel(entry.status)}`);
          announce(`Job ${shortId(current.uuid)}: ${statusLabel(entry.status)}`);
        },
      });
      if (job !== current) return;
      renderAll();
      const ended = JobStatus.isSuccessful(current.status) ? "completed" : statusLabel(current.status).toLowerCase();
      setWaiting(false, `The job ${ended}.`);
      announce(`Job ${shortId(current.uuid)} ${ended}.`);
    } catch (error) {
      if (job !== current) return;
      if (isAbort(error)) {
        setWaiting(false, "Stopped waiting. The job goes on; resume to follow it again.");
        announce("Stopped waiting for the job.");
      } else {
        setWaiting(false, `Waiting failed: ${errorMessage(error)}`);
        announce("Waiting for the job failed.");
      }
      el.timeline.querySelector(".tl-pending")?.remove();
    } finally {
      if (controller === mine) controller = null;
      hooks.onUpdate?.(current);
    }
  }

  el.stop.addEventListener("click", () => {
    controller?.abort();
    el.resume.focus();
  });
  el.resume.addEventListener("click", () => {
    wait();
    el.stop.focus();
  });
  $("#job-copy", section).addEventListener("click", (event) => job && copyText(job.uuid, event.currentTarget));
  for (const button of section.querySelectorAll("[data-copy]")) {
    button.addEventListener("click", () => copyText(document.getElementById(button.dataset.copy).textContent, button));
  }

  return {
    /** Shows `job` (and follows it while it runs). */
    show(next, { focus = false } = {}) {
      controller?.abort();
      job = next;
      el.empty.hidden = true;
      el.detail.hidden = false;
      section.dataset.uuid = job.uuid;
      renderAll();
      if (JobStatus.isInProgress(job.status)) wait();
      else setWaiting(false, `The job ${JobStatus.isSuccessful(job.status) ? "completed" : statusLabel(job.status).toLowerCase()}.`);
      if (focus) {
        el.title.focus({ preventScroll: true });
        section.scrollIntoView({ behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth", block: "start" });
      }
    },
    get current() { return job; },
    /** Stops waiting and empties the card. */
    reset() {
      controller?.abort();
      controller = null;
      job = null;
      revokeBlobs();
      el.detail.hidden = true;
      el.empty.hidden = false;
      el.badge.hidden = true;
      delete section.dataset.uuid;
    },
  };
}
