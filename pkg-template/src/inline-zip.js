// InlineInputVolume.fromFileContents' archive, made in JS with fflate rather than in the wasm:
// the Rust zip + deflate + CRC-32 cost the download several times what fflate's zipper does
// (bench/size.mjs). What must hold is what the reference's readers see (Python's zipfile, see
// tests/vectors/inline_volume.json): one entry with exactly that name and those bytes.
// fflate builds its Huffman tables when it is evaluated, several ms of a cold start: loaded on
// the first archive only. The bundler (esbuild, scripts/assemble-pkg.mjs) turns this require()
// into a lazy initialiser of the bundled module (ESM output too); the portable entry, which
// inflates at import anyway, shares the same copy.
let fflate;
// eslint-disable-next-line no-undef -- resolved by the bundler
const loadFflate = () => (fflate ??= require("./fflate-zip.js"));

// The zip epoch (wasm had no local clock to ask; the archive stays reproducible).
const ENTRY_TIME = new Date(1980, 0, 1);
// A regular file, rw------- (as the reference writes), in the high half of the external attributes.
const UNIX_REGULAR_0600 = (0o100600 << 16) >>> 0;

/**
 * The bytes of a zip archive holding one file `filename` (kept as given: `/` makes
 * sub-directories without directory entries) with `contents` (a string is UTF-8), deflated when
 * `compress`, stored otherwise.
 */
export function zipSingleFile(filename, contents, compress) {
  if (typeof filename !== "string") throw new TypeError("filename: must be a string");
  if (filename === "") throw new RangeError("filename: must not be empty");
  let bytes;
  if (typeof contents === "string") bytes = new TextEncoder().encode(contents);
  else if (contents instanceof Uint8Array) bytes = contents;
  else throw new TypeError("contents: must be a Uint8Array or a string");
  // fflate's streaming zipper takes the name as a string (zipSync's object keys would turn
  // a file named "__proto__" into a prototype); with the synchronous file classes every chunk
  // arrives before end() returns.
  const { Zip, ZipDeflate, ZipPassThrough } = loadFflate();
  const chunks = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  const file = compress ? new ZipDeflate(filename, { level: 6 }) : new ZipPassThrough(filename);
  Object.assign(file, { mtime: ENTRY_TIME, os: 3, attrs: UNIX_REGULAR_0600 });
  zip.add(file);
  file.push(bytes, true);
  zip.end();
  const archive = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    archive.set(chunk, offset);
    offset += chunk.length;
  }
  return archive;
}

/** Standard padded base64 of `bytes`. */
export function base64(bytes) {
  if (typeof bytes.toBase64 === "function") return bytes.toBase64();
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
