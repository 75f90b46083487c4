// Node-specific behaviour of the built package's `node` entries (node.mjs, node.cjs): both
// module systems load it with no init call, and loadBittensorHotkey reads real Bittensor wallet
// files (keys.json keyfiles).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdtemp, mkdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execFileSync } from "node:child_process";
import * as esm from "../../pkg/node.mjs";
import { root, vector } from "./harness.mjs";

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

test("the ESM entry signs with no init call", () => {
  const alice = esm.Keypair.fromUri("//Alice");
  assert.equal(alice.ss58Address, ALICE);
  assert.ok(alice.verify("m", alice.sign("m")));
});

test("the CommonJS entry signs with no init call, and its errors are its own classes", () => {
  const cjs = createRequire(import.meta.url)("../../pkg/node.cjs");
  assert.equal(cjs.Keypair.fromUri("//Alice").ss58Address, ALICE);
  assert.throws(() => cjs.Keypair.fromSeed(new Uint8Array(3)), RangeError);
  assert.equal(typeof cjs.ComputeHordeError, "function");
});

test("a fresh Node process loads the package by name through package.json exports, both ways", async () => {
  const project = await mkdtemp(join(tmpdir(), "project-"));
  await mkdir(join(project, "node_modules"));
  await symlink(join(root, "pkg"), join(project, "node_modules/compute-horde-sdk"));
  const esmOut = execFileSync(process.execPath, ["--input-type=module", "-e",
    "import { Keypair } from 'compute-horde-sdk'; import { startLocalFacilitator } from 'compute-horde-sdk/testing'; console.log(Keypair.fromUri('//Bob').ss58Address, typeof startLocalFacilitator)"],
    { cwd: project }).toString().trim();
  assert.equal(esmOut, "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty function");
  const cjsOut = execFileSync(process.execPath, ["-e", "console.log(require('compute-horde-sdk').Keypair.fromUri('//Bob').ss58Address)"], { cwd: project }).toString().trim();
  assert.equal(cjsOut, "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty");
});

async function walletRoot(files) {
  const dir = await mkdtemp(join(tmpdir(), "bt-wallets-"));
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), contents, { mode: 0o600 });
  }
  return dir;
}

test("loadBittensorHotkey loads every hotkey file of keys.json to its address", async () => {
  const keys = await vector("keys.json");
  const wallet = keys.keyfiles.regenerated_wallet;
  const files = Object.fromEntries(Object.entries(wallet.files).map(([p, f]) => [p, f.contents]));
  const dir = await walletRoot(files);
  const pair = await esm.loadBittensorHotkey({ wallet: wallet.wallet_name, hotkey: wallet.hotkey_name, path: dir });
  assert.equal(pair.ss58Address, wallet.expected_hotkey_ss58);
  for (const keyfile of keys.keyfiles.set_hotkey_keyfiles) {
    const one = await walletRoot({ [`w/hotkeys/${keyfile.id}`]: keyfile.contents });
    const loaded = await esm.loadBittensorHotkey({ wallet: "w", hotkey: keyfile.id, path: one });
    assert.equal(loaded.ss58Address, keyfile.expected_ss58, keyfile.id);
  }
});

test("loadBittensorHotkey explains a missing file, an encrypted keyfile and malformed JSON", async () => {
  const dir = await walletRoot({
    "w/hotkeys/encrypted": "$NACL" + "x".repeat(80),
    "w/hotkeys/broken": "{\"ss58Address\": ",
  });
  await assert.rejects(esm.loadBittensorHotkey({ wallet: "w", hotkey: "missing", path: dir }),
    (e) => e instanceof esm.ComputeHordeError && /cannot read the hotkey file .*missing: ENOENT/.test(e.message));
  await assert.rejects(esm.loadBittensorHotkey({ wallet: "w", hotkey: "encrypted", path: dir }),
    (e) => /encrypted/.test(e.message) && /not supported/.test(e.message) && !e.message.includes("xxxx"));
  await assert.rejects(esm.loadBittensorHotkey({ wallet: "w", hotkey: "broken", path: dir }),
    (e) => /hotkeyFile/.test(e.message));
  await assert.rejects(esm.loadBittensorHotkey({ wallet: "../etc", path: dir }), TypeError);
});

test("loadBittensorHotkey defaults to ~/.bittensor/wallets/default/hotkeys/default", async () => {
  const home = await mkdtemp(join(tmpdir(), "home-"));
  const keys = await vector("keys.json");
  const alice = keys.keyfiles.set_hotkey_keyfiles.find((k) => k.id === "alice_uri");
  await mkdir(join(home, ".bittensor/wallets/default/hotkeys"), { recursive: true });
  await writeFile(join(home, ".bittensor/wallets/default/hotkeys/default"), alice.contents);
  const out = execFileSync(process.execPath, ["--input-type=module", "-e",
    `import { loadBittensorHotkey } from '${join(root, "pkg/node.mjs")}'; console.log((await loadBittensorHotkey()).ss58Address)`],
    { env: { ...process.env, HOME: home } }).toString().trim();
  assert.equal(out, ALICE);
});

test("thousands of malformed inputs never trap the wasm module", () => {
  const junk = ["", " ", "//", "///", "0x", "0xzz", "//\u0000", "é".repeat(300), "a ".repeat(24), "{", "[]", "null", "1e309", "\ud800"];
  let refused = 0;
  for (const a of junk) for (const b of junk) {
    for (const call of [() => esm.Keypair.fromUri(a + b), () => esm.Keypair.fromMnemonic(a + b, b), () => esm.Keypair.fromSeed(a + b), () => esm.Keypair.fromJson(a + b)]) {
      try { call(); } catch (e) { assert.ok(e instanceof TypeError || e instanceof RangeError || e instanceof esm.ComputeHordeError, `${e.name}: ${e.message}`); refused++; }
    }
    esm.isValidSs58Address(a + b);
  }
  assert.ok(refused > 700, `refused ${refused}`);
  assert.equal(esm.Keypair.fromUri("//Alice").ss58Address, ALICE, "the module still works");
});
