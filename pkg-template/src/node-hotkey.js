// Node only, imported by the `node` entries alone (package.json conditions pick them), so its
// static `node:` imports never reach a browser, worker or edge bundle.
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { Keypair } from "../../build/wasm/compute_horde_sdk.js";
import { ComputeHordeError } from "./errors.js";
import { hotkeyLocation } from "./boundary.js";

/**
 * Loads a Bittensor hotkey file, `~/.bittensor/wallets/<wallet>/hotkeys/<hotkey>`
 * (`path` replaces `~/.bittensor/wallets`).
 */
export async function loadBittensorHotkey(options) {
  const { wallet, hotkey, path } = hotkeyLocation(options);
  const root = path ?? join(homedir(), ".bittensor", "wallets");
  const file = join(root, wallet, "hotkeys", hotkey);
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new ComputeHordeError(`cannot read the hotkey file ${file}: ${cause.code ?? cause.message}`, { cause });
  }
  return Keypair.fromJson(text);
}
