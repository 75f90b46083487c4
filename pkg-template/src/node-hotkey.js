// Node only, imported by the `node` entries alone (package.json conditions pick them), so its
// static `node:` imports never reach a browser, worker or edge bundle.
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { Keypair } from "../../build/wasm/compute_horde_sdk.js";
import { ComputeHordeError } from "./errors.js";

/**
 * Loads a Bittensor hotkey file, `~/.bittensor/wallets/<wallet>/hotkeys/<hotkey>`
 * (`path` replaces `~/.bittensor/wallets`).
 */
export async function loadBittensorHotkey(options = {}) {
  const wallet = options.wallet ?? "default";
  const hotkey = options.hotkey ?? "default";
  for (const [field, value] of [["wallet", wallet], ["hotkey", hotkey]]) {
    if (typeof value !== "string" || value === "" || /[\\/]|^\.\.?$/.test(value)) {
      throw new TypeError(`${field}: must be a wallet or hotkey name (no path separators)`);
    }
  }
  const root = options.path ?? join(homedir(), ".bittensor", "wallets");
  const file = join(root, wallet, "hotkeys", hotkey);
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new ComputeHordeError(`cannot read the hotkey file ${file}: ${cause.code ?? cause.message}`, { cause });
  }
  return Keypair.fromJson(text);
}
