// InlineInputVolume.fromFileContents as shipped (the archive is made in JS with fflate, not in
// the wasm): every case of tests/vectors/inline_volume.json reads back with CPython's zipfile
// (the reference's reader, testzip() included) to exactly the vector's one name, contents and
// compression method; the entry's metadata is what the reference writes; bad input is refused
// with the same errors as before.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as sdk from "../../pkg/index.mjs";
import * as nodeSdk from "../../pkg/node.mjs";
import { vector } from "./harness.mjs";

const PYTHON_READBACK = `import sys, zipfile, io, json
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
assert z.testzip() is None
print(json.dumps([[i.filename, z.read(i).hex(), i.compress_type, i.date_time, i.external_attr >> 16, i.create_system] for i in z.infolist()]))`;
const readBack = (archive) => JSON.parse(execFileSync("python3", ["-c", PYTHON_READBACK], { input: archive }).toString());
const hexBytes = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));

test("every inline_volume.json case reads back with Python's zipfile to the vector's entry, from both entries", async () => {
  const { cases } = await vector("inline_volume.json");
  assert.equal(cases.length, 12);
  for (const c of cases) {
    const { filename, contents_hex: contentsHex, compress } = c.sdk_call;
    const [expected] = c.zip_readback.entries;
    for (const entry of [sdk, nodeSdk]) {
      const volume = entry.InlineInputVolume.fromFileContents(filename, hexBytes(contentsHex), { compress });
      const entries = readBack(Buffer.from(volume.contents, "base64"));
      assert.equal(entries.length, 1, c.id);
      const [name, hex, method, dateTime, mode, system] = entries[0];
      assert.equal(name, expected.filename, c.id);
      assert.equal(hex, expected.contents_hex, c.id);
      assert.equal(method, compress ? 8 : 0, `${c.id}: ZIP_DEFLATED when compress, else ZIP_STORED`);
      assert.deepEqual(dateTime, [1980, 1, 1, 0, 0, 0], c.id);
      assert.equal(mode, 0o100600, `${c.id}: a regular file, rw-------`);
      assert.equal(system, 3, `${c.id}: made on Unix`);
      assert.deepEqual(volume.toComputeHordeVolume("/volume/inline"), { volume_type: "inline", contents: volume.contents, relative_path: "inline" }, c.id);
    }
  }
});

test("a string is zipped as its UTF-8, deflate really compresses, and the archive is deterministic", () => {
  const text = "zażółć gęślą jaźń\n".repeat(200);
  const stored = sdk.InlineInputVolume.fromFileContents("dir/notes.txt", text);
  const deflated = sdk.InlineInputVolume.fromFileContents("dir/notes.txt", text, { compress: true });
  const [[name, hex]] = readBack(Buffer.from(deflated.contents, "base64"));
  assert.equal(name, "dir/notes.txt");
  assert.equal(Buffer.from(hex, "hex").toString("utf8"), text);
  assert.ok(deflated.contents.length * 10 < stored.contents.length, `${deflated.contents.length} vs ${stored.contents.length}`);
  assert.equal(sdk.InlineInputVolume.fromFileContents("dir/notes.txt", text, { compress: true }).contents, deflated.contents);
  const odd = sdk.InlineInputVolume.fromFileContents("__proto__", "x");
  assert.deepEqual(readBack(Buffer.from(odd.contents, "base64")).map((e) => e[0]), ["__proto__"]);
});

test("bad file names and contents are refused before anything is zipped", () => {
  assert.throws(() => sdk.InlineInputVolume.fromFileContents("", "x"), { name: "RangeError", message: "filename: must not be empty" });
  assert.throws(() => sdk.InlineInputVolume.fromFileContents(7, "x"), TypeError);
  for (const contents of [undefined, null, 42, {}, [1, 2], new ArrayBuffer(2)]) {
    assert.throws(() => sdk.InlineInputVolume.fromFileContents("a.txt", contents), { name: "TypeError", field: "contents", message: /^contents: must be a Uint8Array or a string/ });
  }
});
