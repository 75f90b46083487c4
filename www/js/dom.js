// Small DOM and formatting helpers shared by the dashboard's modules.
import { JobStatus } from "compute-horde-sdk";

let idCounter = 0;
/** A document-unique id with a readable prefix. */
export const uid = (prefix) => `${prefix}-${++idCounter}`;

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/**
 * Creates an element: `h("p", { class: "x", text: "hi", onclick }, child, ...)`.
 * Text goes through textContent (never innerHTML): facilitator data is untrusted.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key in el && !key.includes("-") && key !== "list") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Clones a `<template>`'s first element and gives each `.field` a labelled, unique control. */
export function fromTemplate(id) {
  const node = document.getElementById(id).content.firstElementChild.cloneNode(true);
  for (const field of node.querySelectorAll(".field")) {
    const control = field.querySelector("input, select, textarea");
    const label = field.querySelector("label");
    if (!control || !label) continue;
    control.id = uid(control.dataset.field ?? "field");
    label.htmlFor = control.id;
    const hint = field.querySelector("[data-hint]");
    if (hint) {
      hint.id = `${control.id}-hint`;
      control.setAttribute("aria-describedby", hint.id);
    }
  }
  return node;
}

const announcer = () => document.getElementById("announcer");
/** Says `text` through the polite live region (screen readers). */
export function announce(text) {
  const region = announcer();
  region.textContent = "";
  // A new text node after a tick, so that repeating the same text is announced again.
  setTimeout(() => { region.textContent = text; }, 30);
}

/** "executor_ready" → "Executor ready". */
export function statusLabel(status) {
  const text = String(status ?? "").replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "ok" | "bad" | "warn" | "busy": the colour family of a status. */
export function statusTone(status) {
  if (JobStatus.isSuccessful(status)) return "ok";
  if (status === "rejected") return "warn";
  if (JobStatus.isFailed(status)) return "bad";
  return "busy";
}

export function badge(status, extraClass = "") {
  return h("span", { class: `badge tone-${statusTone(status)} ${extraClass}`.trim(), text: statusLabel(status) });
}

export function setBadge(el, status) {
  el.hidden = false;
  el.className = `badge tone-${statusTone(status)}`;
  el.textContent = statusLabel(status);
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium", hourCycle: "h23" });

/** "15:04:05.123" in local time (without the milliseconds when `ms` is false). */
export function formatTime(date, { ms = true } = {}) {
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return String(date);
  const base = timeFormat.format(d);
  return ms ? `${base}.${String(d.getMilliseconds()).padStart(3, "0")}` : base;
}

export function formatDateTime(date) {
  const d = date instanceof Date ? date : new Date(date);
  return Number.isNaN(d.getTime()) ? String(date) : dateTimeFormat.format(d);
}

/** "+1.25 s", "+2 min 3 s". */
export function formatDelta(ms) {
  if (ms < 60_000) return `+${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `+${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const shortId = (text, head = 8, tail = 4) =>
  text.length > head + tail + 1 ? `${text.slice(0, head)}…${text.slice(-tail)}` : text;

/** A `<dl>` filled with [term, description] pairs (descriptions may be nodes). */
export function fillKv(dl, pairs) {
  dl.replaceChildren();
  for (const [term, value] of pairs) {
    if (value === undefined || value === null || value === "") continue;
    dl.append(h("div", { class: "kv-row" }, h("dt", { text: term }), h("dd", {}, value)));
  }
}

/** A human-readable message of any thrown value. */
export function errorMessage(error) {
  if (error?.name === "AbortError") return "Stopped.";
  const message = error?.message ?? String(error);
  // A browser hides why a request failed (unreachable, or refused by CORS): say what to check.
  if (/could not reach|failed to fetch|networkerror|load failed/i.test(message) && !/CORS/.test(message)) {
    return `${message}. Is the facilitator reachable, and does it allow this page's origin (CORS)? If not, use a relay.`;
  }
  return message;
}

export const isAbort = (error) => error?.name === "AbortError";

export async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    flash(button, "Copied");
  } catch {
    flash(button, "Copy failed");
  }
}

function flash(button, text) {
  if (!button) return;
  const original = button.dataset.label ?? button.textContent;
  button.dataset.label = original;
  button.textContent = text;
  announce(text);
  clearTimeout(button._flash);
  button._flash = setTimeout(() => { button.textContent = original; }, 1500);
}

/** A small deterministic gradient for an address (not a security feature, just recognition). */
export function avatarStyle(address) {
  let hash = 2166136261;
  for (const c of address) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619) >>> 0;
  const a = hash % 360;
  const b = (a + 40 + ((hash >>> 9) % 120)) % 360;
  return `linear-gradient(135deg, hsl(${a} 70% 58%), hsl(${b} 70% 48%))`;
}
