// Our signatures against independent sr25519 implementations, both ways, and our inline
// volume zips against an independent unzip: nothing here uses the SDK to check the SDK.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { cryptoWaitReady, sr25519Verify, sr25519Sign, sr25519PairFromSeed, mnemonicToMiniSecret, decodeAddress } from "@polkadot/util-crypto";
import { Keyring } from "@polkadot/keyring";
import * as scure from "@scure/sr25519";
import { unzipSync } from "fflate";
import { Keypair, InlineInputVolume, ComputeHordeClient } from "../../pkg/index.mjs";
import { vector } from "./harness.mjs";
import { startLocalFacilitator } from "../../pkg-template/testing/index.js";

const MNEMONIC_12 = "legal winner thank year wave sausage worth useful legal winner thank yellow";
let keyring;
before(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
});

const messages = [new Uint8Array(0), new TextEncoder().encode("hello"), Uint8Array.from({ length: 64 }, (_, i) => i), Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256)];

test("signatures made by the package verify with @polkadot/util-crypto and @scure/sr25519", () => {
  for (const uri of ["//Alice", "//Bob", `${MNEMONIC_12}//hot/1`]) {
    const ours = Keypair.fromUri(uri);
    const theirs = keyring.addFromUri(uri);
    assert.equal(ours.ss58Address, theirs.address, uri);
    for (const message of messages) {
      const signature = ours.sign(message);
      assert.ok(sr25519Verify(message, signature, theirs.publicKey), `polkadot verifies ${uri}`);
      assert.ok(scure.verify(message, signature, theirs.publicKey), `scure verifies ${uri}`);
      const flipped = signature.slice(); flipped[5] ^= 1;
      // util-crypto 14 throws on a signature that is not even a valid point: also a refusal.
      let accepted;
      try { accepted = sr25519Verify(message, flipped, theirs.publicKey); } catch { accepted = false; }
      assert.equal(accepted, false, "a flipped bit does not verify");
    }
  }
});

test("signatures made by @polkadot/keyring, @polkadot/util-crypto and @scure verify with the package", () => {
  const ours = Keypair.fromMnemonic(MNEMONIC_12);
  const miniSecret = mnemonicToMiniSecret(MNEMONIC_12);
  const pair = sr25519PairFromSeed(miniSecret);
  assert.deepEqual(Array.from(ours.publicKey), Array.from(pair.publicKey), "same public key from the mnemonic");
  assert.deepEqual(Array.from(decodeAddress(ours.ss58Address)), Array.from(pair.publicKey));
  for (const message of messages) {
    assert.ok(ours.verify(message, sr25519Sign(message, pair)), "util-crypto signature");
    assert.ok(ours.verify(message, keyring.addFromMnemonic(MNEMONIC_12).sign(message)), "keyring signature");
    assert.ok(ours.verify(message, scure.sign(pair.secretKey, message)), "scure signature");
  }
});

test("a @polkadot/keyring pair is a Signer: a job signed by it completes against the simulator", async () => {
  const sim = await startLocalFacilitator({ stepMs: 20 });
  try {
    const pair = keyring.addFromUri("//Alice");
    const client = new ComputeHordeClient({ hotkey: pair, computeHordeValidatorHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", facilitatorUrl: sim.url, pollIntervalSec: 0.02 });
    const job = await client.createJob({ executorClass: "always_on.test", jobNamespace: "SN123.0", dockerImage: "alpine", args: ["keyring"] });
    await job.wait({ timeoutSec: 10 });
    assert.equal(job.status, "completed");
    assert.equal(job.result.stdout, "keyring\n");
    const stats = sim.stats();
    assert.equal(stats.jobsCreated.byHotkey[pair.address], 1);
    assert.equal(stats.signatures.verified.login, 1);
    assert.equal(stats.signatures.verified.signedFields, 1);
  } finally {
    await sim.close();
  }
});

test("every signatures.json reference signature verifies with the package, and no tampered one", async () => {
  const vectors = await vector("signatures.json");
  const hex = (h) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
  const pairs = { alice: Keypair.fromUri("//Alice"), bob: Keypair.fromUri("//Bob"), mnemonic_12: Keypair.fromMnemonic(MNEMONIC_12) };
  const bySs58 = Object.fromEntries(Object.values(pairs).map((p) => [p.ss58Address, p]));
  for (const c of vectors.valid) assert.ok(bySs58[c.ss58].verify(hex(c.message_hex), hex(c.signature_hex)), c.id);
  let tampered = 0;
  for (const c of vectors.tampered) {
    const pair = bySs58[c.ss58];
    if (!pair) continue;
    assert.ok(!pair.verify(hex(c.message_hex), hex(c.signature_hex)), c.id);
    tampered++;
  }
  for (const c of vectors.wrapped) assert.ok(bySs58[c.ss58].verify(hex(c.message_hex), hex(c.signature_hex)), `${c.id}: wrapped accepted`);
  assert.ok(tampered >= 40, `tampered checked: ${tampered}`);
});

test("InlineInputVolume.fromFileContents zips read back with an independent unzip (fflate)", async () => {
  const cases = (await vector("inline_volume.json")).cases;
  for (const c of cases) {
    const contents = Uint8Array.from(c.sdk_call.contents_hex.match(/../g) ?? [], (b) => parseInt(b, 16));
    const volume = InlineInputVolume.fromFileContents(c.sdk_call.filename, contents, { compress: c.sdk_call.compress });
    const files = unzipSync(Uint8Array.from(Buffer.from(volume.contents, "base64")));
    assert.deepEqual(Object.keys(files), [c.sdk_call.filename], c.id);
    assert.deepEqual(Array.from(files[c.sdk_call.filename]), Array.from(contents), c.id);
    assert.equal(volume.toComputeHordeVolume("/volume/inline").volume_type, "inline");
  }
  assert.equal(cases.length, 12);
});
