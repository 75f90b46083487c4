// The "Your jobs" card: pages of client.getJobsPage({ page, pageSize, jobQueue }), the pending
// jobs of the client's queue (client.pendingJobs()), and "Refresh all", which reloads the
// page and follows its unfinished jobs with one client.waitAll() (one list request per poll).
import { JobStatus } from "compute-horde-sdk";
import { $, announce, badge, errorMessage, formatTime, h, isAbort, shortId } from "./dom.js";

const PAGE_SIZE = 10;

/**
 * @param {HTMLElement} section the #jobs card
 * @param {{ getSession(): { client, jobQueue } | null, onOpen(job): void, currentUuid(): string | null }} hooks
 */
export function createJobsList(section, hooks) {
  const el = {
    list: $("#job-list", section),
    status: $("#jobs-status", section),
    count: $("#jobs-count", section),
    filter: $("#jobs-filter", section),
    refresh: $("#jobs-refresh", section),
    stop: $("#jobs-stop", section),
    prev: $("#jobs-prev", section),
    next: $("#jobs-next", section),
    page: $("#jobs-page", section),
    pager: section.querySelector(".pager"),
  };
  let page = 1;
  let listing = null; // { count, next, previous, jobs }
  let watch = null; // AbortController of "Refresh all"
  let loadSeq = 0;

  const session = () => hooks.getSession();

  function rowFor(job) {
    const created = new Date(job.createdAt);
    const label = `Job ${shortId(job.uuid)}, ${job.status.replace(/_/g, " ")}, ${job.dockerImage}, created ${formatTime(created, { ms: false })}`;
    return h("li", { "data-uuid": job.uuid },
      h("button", {
        type: "button", class: "job-row", "aria-label": label,
        "aria-current": hooks.currentUuid() === job.uuid ? "true" : undefined,
        onclick: () => open(job),
      },
      badge(job.status, "row-badge"),
      h("span", { class: "row-id mono", text: shortId(job.uuid) }),
      h("span", { class: "row-image mono", text: job.dockerImage }),
      job.tag ? h("span", { class: "row-tag", text: job.tag }) : null,
      h("time", { class: "row-time", dateTime: created.toISOString(), text: formatTime(created, { ms: false }) })));
  }

  function open(job) {
    for (const b of el.list.querySelectorAll("[aria-current]")) b.removeAttribute("aria-current");
    el.list.querySelector(`[data-uuid="${job.uuid}"] button`)?.setAttribute("aria-current", "true");
    hooks.onOpen(job);
  }

  function render() {
    const jobs = listing?.jobs ?? [];
    el.list.replaceChildren(...jobs.map(rowFor));
    if (!session()) {
      el.status.textContent = "Connect to see your jobs.";
    } else if (jobs.length === 0) {
      el.status.textContent = el.filter.value === "pending" ? "No unfinished jobs in this queue." : "No jobs yet: run one above.";
    }
    const paged = el.filter.value !== "pending" && listing;
    const pages = paged ? Math.max(1, Math.ceil(listing.count / PAGE_SIZE)) : 1;
    el.pager.hidden = !paged || pages <= 1;
    el.prev.disabled = !listing?.previous;
    el.next.disabled = !listing?.next;
    el.page.textContent = paged ? `Page ${page} of ${pages}` : "";
    el.count.textContent = listing ? `${listing.count} ${listing.count === 1 ? "job" : "jobs"}` : "";
  }

  function syncFilter() {
    const queue = session()?.jobQueue;
    for (const option of el.filter.options) {
      if (option.value === "all") continue;
      option.disabled = !queue;
      option.textContent = option.value === "queue"
        ? (queue ? `Queue “${queue}”` : "This queue (set one when connecting)")
        : (queue ? `Pending in “${queue}”` : "Pending in this queue");
    }
    if (!queue) el.filter.value = "all";
  }

  /** Loads the current page (or the queue's pending jobs). */
  async function load() {
    const current = session();
    if (!current) return;
    const seq = ++loadSeq;
    section.setAttribute("aria-busy", "true");
    el.status.textContent = "Loading…";
    try {
      let next;
      if (el.filter.value === "pending") {
        const jobs = await current.client.pendingJobs();
        next = { count: jobs.length, next: null, previous: null, jobs };
      } else {
        const jobQueue = el.filter.value === "queue" ? current.jobQueue : undefined;
        try {
          next = await current.client.getJobsPage({ page, pageSize: PAGE_SIZE, jobQueue });
        } catch (error) {
          if (error?.name !== "ComputeHordeNotFoundError" || page === 1) throw error;
          page = 1; // the page is gone (fewer jobs than before): back to the first
          next = await current.client.getJobsPage({ page, pageSize: PAGE_SIZE, jobQueue });
        }
      }
      if (seq !== loadSeq) return;
      listing = next;
      el.status.textContent = "";
      render();
    } catch (error) {
      if (seq !== loadSeq) return;
      el.status.textContent = `Could not load the jobs: ${errorMessage(error)}`;
    } finally {
      if (seq === loadSeq) section.removeAttribute("aria-busy");
    }
  }

  function stopWatching() {
    watch?.abort();
    watch = null;
  }

  /** Reloads, then follows the unfinished jobs on screen until they end (or "Stop watching"). */
  async function refreshAll() {
    stopWatching();
    await load();
    const unfinished = (listing?.jobs ?? []).filter((job) => JobStatus.isInProgress(job.status));
    if (unfinished.length === 0) {
      if (listing) el.status.textContent = "Up to date: every job here has ended.";
      return;
    }
    const mine = new AbortController();
    watch = mine;
    el.refresh.hidden = true;
    el.stop.hidden = false;
    el.stop.focus();
    el.status.textContent = `Following ${unfinished.length} unfinished ${unfinished.length === 1 ? "job" : "jobs"}…`;
    try {
      await session().client.waitAll(unfinished, {
        signal: mine.signal,
        onStatus: (job) => { if (!mine.signal.aborted) updateJob(job); },
      });
      el.status.textContent = "Up to date: every job here has ended.";
      announce("All jobs in the list have ended.");
    } catch (error) {
      el.status.textContent = isAbort(error) ? "Stopped following the jobs." : `Refresh failed: ${errorMessage(error)}`;
    } finally {
      if (watch === mine) watch = null;
      const focusRefresh = document.activeElement === el.stop;
      el.stop.hidden = true;
      el.refresh.hidden = false;
      if (focusRefresh) el.refresh.focus();
    }
  }

  /** Replaces the row of `job` (same uuid) with its current state. */
  function updateJob(job) {
    const index = listing?.jobs.findIndex((j) => j.uuid === job.uuid) ?? -1;
    if (index < 0) return;
    listing.jobs[index] = job;
    const old = el.list.querySelector(`[data-uuid="${job.uuid}"]`);
    const hadFocus = old?.contains(document.activeElement);
    const row = rowFor(job);
    old?.replaceWith(row);
    if (hadFocus) row.querySelector("button").focus();
  }

  el.filter.addEventListener("change", () => { page = 1; stopWatching(); load(); });
  el.prev.addEventListener("click", () => { if (page > 1) { page--; stopWatching(); load(); } });
  el.next.addEventListener("click", () => { page++; stopWatching(); load(); });
  el.refresh.addEventListener("click", refreshAll);
  el.stop.addEventListener("click", stopWatching);

  render();
  return {
    /** After connecting, or after a job was created (back to the first page). */
    reload({ toFirstPage = false } = {}) {
      syncFilter();
      if (toFirstPage) page = 1;
      return load();
    },
    updateJob,
    markCurrent(uuid) {
      for (const b of el.list.querySelectorAll("[aria-current]")) b.removeAttribute("aria-current");
      el.list.querySelector(`[data-uuid="${uuid}"] button`)?.setAttribute("aria-current", "true");
    },
    reset() {
      stopWatching();
      loadSeq++;
      listing = null;
      page = 1;
      syncFilter();
      render();
    },
  };
}
