// The Connect card: facilitator, validator and signer → an authenticated ComputeHordeClient.
//
// Three ways to sign:
// - a dev key (Keypair.fromUri("//Alice")),
// - a mnemonic typed by the user (Keypair.fromMnemonic): read once, the textarea is cleared
//   right away whatever happens, the phrase is never stored or logged,
// - a browser wallet extension (window.injectedWeb3, polkadot{.js} style): the page gets a
//   signer (signerFromInjected) and never sees a key.
import { ComputeHordeClient, Keypair, isValidSs58Address, signerFromInjected } from "compute-horde-sdk";
import { $, announce, avatarStyle, copyText, errorMessage, fillKv, h, shortId } from "./dom.js";
import { clearErrors, clearOnInput, isValidationError, parseFieldError, showFieldError, showSummary } from "./field-errors.js";

export const DEFAULT_FACILITATOR = "https://facilitator.computehorde.io/";
export const DEFAULT_VALIDATOR = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"; // //Bob
const APP_NAME = "compute-horde dashboard";

const WALLET_NAMES = { "polkadot-js": "polkadot{.js}", talisman: "Talisman", "subwallet-js": "SubWallet" };
const MODE_LABELS = { dev: "Dev key", mnemonic: "Mnemonic (in memory)", wallet: "Wallet extension" };

/**
 * @param {HTMLElement} section the #connect card
 * @param {{ onConnected(session): void, onDisconnected(): void }} hooks
 *   session: { client, address, mode, jobQueue }
 */
export function createConnectPanel(section, hooks) {
  const form = $("#connect-form", section);
  const summary = $("#connect-error", section);
  const submit = $("#connect-submit", section);
  const inputs = {
    facilitatorUrl: $("#facilitator-url", section),
    validator: $("#validator-hotkey", section),
    devUri: $("#dev-uri", section),
    mnemonic: $("#mnemonic", section),
    walletExt: $("#wallet-ext", section),
    walletAccount: $("#wallet-account", section),
    jobQueue: $("#job-queue", section),
    pollInterval: $("#poll-interval", section),
  };
  const params = new URLSearchParams(location.search);
  inputs.facilitatorUrl.value = params.get("facilitator") || DEFAULT_FACILITATOR;
  inputs.validator.value = params.get("validator") || DEFAULT_VALIDATOR;
  if (params.get("poll")) inputs.pollInterval.value = params.get("poll");
  clearOnInput(form);

  // Held only while connected; freed on disconnect.
  let session = null;
  let keypair = null;
  let wallet = null; // { name, injected, accounts }

  // ── key mode ──────────────────────────────────────────────────────────────────────────────
  const mode = () => form.elements.keyMode.value;
  function showMode() {
    for (const panel of section.querySelectorAll(".mode-panel")) panel.hidden = panel.dataset.mode !== mode();
    if (mode() === "wallet") detectWallets();
  }
  form.addEventListener("change", (event) => { if (event.target.name === "keyMode") showMode(); });

  const reveal = $("#mnemonic-reveal", section);
  reveal.addEventListener("click", () => {
    const shown = reveal.getAttribute("aria-pressed") === "true";
    reveal.setAttribute("aria-pressed", String(!shown));
    reveal.textContent = shown ? "Show" : "Hide";
    inputs.mnemonic.classList.toggle("masked", shown);
  });

  // ── wallet extensions ─────────────────────────────────────────────────────────────────────
  function detectWallets() {
    const injected = globalThis.injectedWeb3 ?? {};
    const names = Object.keys(injected).filter((name) => typeof injected[name]?.enable === "function");
    const previous = inputs.walletExt.value;
    inputs.walletExt.replaceChildren(...names.map((name) =>
      h("option", { value: name, text: WALLET_NAMES[name] ?? name })));
    if (names.includes(previous)) inputs.walletExt.value = previous;
    if (names.length === 0) {
      inputs.walletExt.append(h("option", { value: "", text: "No extension found" }));
    }
    $("#wallet-authorize", section).disabled = names.length === 0;
    return names;
  }
  // Extensions inject themselves after the page loads: look again when the user gets there.
  inputs.walletExt.addEventListener("focus", detectWallets);
  inputs.walletExt.addEventListener("change", () => { wallet = null; $("#wallet-account-field", section).hidden = true; });

  async function authorizeWallet() {
    const name = inputs.walletExt.value;
    const extension = globalThis.injectedWeb3?.[name];
    if (!name || typeof extension?.enable !== "function") {
      throw Object.assign(new Error("No wallet extension found. Install polkadot{.js}, Talisman or SubWallet, then reload."), { input: inputs.walletExt });
    }
    showSummaryInfo(`Waiting for ${WALLET_NAMES[name] ?? name} to allow this page…`);
    const injected = await extension.enable(APP_NAME);
    const all = await injected.accounts.get();
    // sr25519 accounts only: Ethereum (Talisman) and ed25519/ecdsa accounts cannot sign for the facilitator.
    const accounts = all.filter((a) => (a.type === undefined || a.type === "sr25519") && isValidSs58Address(a.address));
    if (accounts.length === 0) {
      throw Object.assign(new Error(`${WALLET_NAMES[name] ?? name} shared no sr25519 account with this page.`), { input: inputs.walletExt });
    }
    wallet = { name, injected, accounts };
    inputs.walletAccount.replaceChildren(...accounts.map((a) =>
      h("option", { value: a.address, text: `${a.name ? `${a.name} · ` : ""}${shortId(a.address, 6, 6)}` })));
    $("#wallet-account-field", section).hidden = false;
    hideSummaryInfo();
    return wallet;
  }

  $("#wallet-authorize", section).addEventListener("click", async () => {
    clearErrors(form, summary);
    try {
      await authorizeWallet();
      inputs.walletAccount.focus();
    } catch (error) {
      fail(error);
    }
  });

  // ── connect ───────────────────────────────────────────────────────────────────────────────
  function showSummaryInfo(text) {
    summary.classList.add("info");
    showSummary(summary, text);
  }
  function hideSummaryInfo() {
    summary.classList.remove("info");
    summary.hidden = true;
  }

  const FIELD_INPUTS = {
    facilitatorUrl: inputs.facilitatorUrl, computeHordeValidatorHotkey: inputs.validator,
    uri: inputs.devUri, mnemonic: inputs.mnemonic, address: inputs.walletAccount, injected: inputs.walletExt,
    jobQueue: inputs.jobQueue, pollIntervalSec: inputs.pollInterval,
  };

  function fail(error) {
    summary.classList.remove("info");
    const parsed = isValidationError(error) ? parseFieldError(error.message) : null;
    const input = error?.input ?? (parsed && FIELD_INPUTS[parsed.field]);
    if (input) {
      if (input.closest("details")) input.closest("details").open = true;
      showFieldError(input, parsed ? parsed.text : errorMessage(error));
      showSummary(summary, "Check the highlighted field.");
      input.focus();
    } else {
      showSummary(summary, errorMessage(error));
    }
  }

  async function makeSigner() {
    switch (mode()) {
      case "dev":
        keypair = Keypair.fromUri(inputs.devUri.value.trim());
        return keypair;
      case "mnemonic": {
        // Read once and clear the field at once, whatever happens next.
        const phrase = inputs.mnemonic.value.trim().split(/\s+/).join(" ");
        inputs.mnemonic.value = "";
        keypair = Keypair.fromMnemonic(phrase);
        return keypair;
      }
      case "wallet": {
        if (!wallet || wallet.name !== inputs.walletExt.value) await authorizeWallet();
        const address = inputs.walletAccount.value || wallet.accounts[0].address;
        return signerFromInjected(wallet.injected.signer, address);
      }
      default:
        throw new Error(`unknown key mode ${mode()}`);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    submit.disabled = true;
    submit.textContent = "Connecting…";
    form.setAttribute("aria-busy", "true");
    let client = null;
    try {
      const signer = await makeSigner();
      const poll = inputs.pollInterval.value.trim();
      client = new ComputeHordeClient({
        hotkey: signer,
        computeHordeValidatorHotkey: inputs.validator.value.trim(),
        facilitatorUrl: inputs.facilitatorUrl.value.trim(),
        jobQueue: inputs.jobQueue.value.trim() || undefined,
        pollIntervalSec: poll === "" ? undefined : Number(poll),
      });
      showSummaryInfo(mode() === "wallet"
        ? `Approve the sign-in request in ${WALLET_NAMES[wallet.name] ?? wallet.name}…`
        : "Signing in…");
      await client.authenticate();
      hideSummaryInfo();
      session = { client, address: signer.address, mode: mode(), jobQueue: client.jobQueue };
      showConnected();
      hooks.onConnected(session);
    } catch (error) {
      client?.free();
      keypair?.free();
      keypair = null;
      fail(error);
    } finally {
      submit.disabled = false;
      submit.textContent = "Connect";
      form.removeAttribute("aria-busy");
    }
  });

  // ── connected state ──────────────────────────────────────────────────────────────────────
  const connected = $("#connected", section);
  const pill = document.getElementById("conn-pill");

  function showConnected() {
    form.hidden = true;
    connected.hidden = false;
    $("#identity-address", section).textContent = session.address;
    $("#identity-avatar", section).style.background = avatarStyle(session.address);
    $("#identity-label", section).textContent = `Connected · ${MODE_LABELS[session.mode]}`;
    fillKv($("#identity-details", section), [
      ["Facilitator", session.client.facilitatorUrl],
      ["Validator", shortId(inputs.validator.value.trim(), 8, 8)],
      ["Job queue", session.jobQueue ?? "none"],
    ]);
    pill.dataset.state = "on";
    $("#conn-pill-text").textContent = shortId(session.address, 6, 6);
    pill.title = session.address;
    announce(`Connected as ${session.address}`);
    $("#copy-address", section).focus();
  }

  $("#copy-address", section).addEventListener("click", (event) => copyText(session.address, event.currentTarget));

  $("#disconnect", section).addEventListener("click", () => {
    hooks.onDisconnected();
    session?.client.free();
    keypair?.free();
    session = null;
    keypair = null;
    connected.hidden = true;
    form.hidden = false;
    pill.dataset.state = "off";
    pill.removeAttribute("title");
    $("#conn-pill-text").textContent = "Not connected";
    announce("Disconnected");
    $("#connect-submit", section).focus();
  });

  showMode();
}
