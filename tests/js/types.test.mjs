// The package's TypeScript declarations (pkg-template/index.d.ts) are checked with tsc:
// - tests/types/usage.ts, which uses the whole API, compiles under `strict`, with the DOM lib
//   (browsers) and with Node's types only;
// - every line of tests/types/must-fail.ts marked `// @ts-expect-error` is really an error
//   (with the markers removed, tsc reports an error on each of those lines and nowhere else);
// - the declarations have no `any`, document every export, and declare exactly the values the
//   JS entry (pkg-template/src/index.js) exports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const dts = join(root, "pkg-template/index.d.ts");
const MARKER = /^\s*\/\/ @ts-expect-error\b/;

function tsc(...args) {
  const run = spawnSync("npx", ["--no-install", "tsc", "--pretty", "false", ...args], { cwd: root, encoding: "utf8" });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The declarations' code with comments and string literals' contents removed. */
function codeOf(source) {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}

test("tsc is available", () => {
  const { status, output } = tsc("--version");
  assert.equal(status, 0, output);
  assert.match(output, /^Version \d+\./);
});

for (const [config, what] of [["tsconfig.json", "DOM lib"], ["tsconfig.node.json", "Node types, no DOM lib"]]) {
  test(`tests/types (usage.ts and the @ts-expect-error lines of must-fail.ts) type-check (${what})`, () => {
    const { status, output } = tsc("-p", `tests/types/${config}`);
    assert.equal(status, 0, `tsc failed:\n${output}`);
  });
}

test("each @ts-expect-error line of must-fail.ts is an error on its own", () => {
  const lines = readFileSync(join(root, "tests/types/must-fail.ts"), "utf8").split("\n");
  const kept = [];
  const expected = new Map(); // line number in the stripped file → why it must fail
  for (let i = 0; i < lines.length; i++) {
    if (MARKER.test(lines[i])) {
      expected.set(kept.length + 1, lines[i].replace(MARKER, "").trim());
      assert.ok(i + 1 < lines.length && !MARKER.test(lines[i + 1]), `line ${i + 1}: a marker must precede a line of code`);
    } else {
      kept.push(lines[i]);
    }
  }
  assert.ok(expected.size >= 20, `only ${expected.size} must-fail cases`);

  const dir = mkdtempSync(join(tmpdir(), "ch-types-"));
  try {
    writeFileSync(join(dir, "must-fail.ts"), kept.join("\n"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    // The options of tests/types/tsconfig.json, minus exactOptionalPropertyTypes: every case
    // must be an error without it too.
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, skipLibCheck: false, target: "es2022", lib: ["es2022", "dom"],
        module: "nodenext", moduleResolution: "nodenext", types: [],
        paths: { "compute-horde-sdk": [dts], "compute-horde-sdk/testing": [join(root, "pkg-template/testing/index.d.ts")] },
      },
      files: ["must-fail.ts"],
    }));
    const { status, output } = tsc("-p", join(dir, "tsconfig.json"));
    assert.notEqual(status, 0, "tsc passed, but every must-fail line should be an error");
    const errorLines = new Map();
    for (const match of output.matchAll(/must-fail\.ts\((\d+),(\d+)\): error (TS\d+: .*)/g)) {
      const line = Number(match[1]);
      errorLines.set(line, [...(errorLines.get(line) ?? []), match[3]]);
    }
    const missing = [...expected].filter(([line]) => !errorLines.has(line)).map(([line, why]) => `  line ${line}: ${why}\n    ${kept[line - 1].trim()}`);
    assert.deepEqual(missing, [], `these lines compile but must not:\n${missing.join("\n")}`);
    const unexpected = [...errorLines].filter(([line]) => !expected.has(line)).map(([line, errors]) => `  line ${line}: ${errors.join("; ")}`);
    assert.deepEqual(unexpected, [], `errors outside the must-fail lines:\n${unexpected.join("\n")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("index.d.ts has no `any` and declares no internal `__*` name", () => {
  const code = codeOf(readFileSync(dts, "utf8"));
  assert.doesNotMatch(code, /\bany\b/);
  assert.doesNotMatch(code, /\b__\w+/);
});

test("index.d.ts documents every export with a TSDoc comment", () => {
  const source = readFileSync(dts, "utf8");
  const undocumented = [...source.matchAll(/^export (?:declare )?(?:class|const|function|interface|type) (\w+)/gm)]
    .filter((m) => !source.slice(0, m.index).trimEnd().endsWith("*/"))
    .map((m) => m[1]);
  assert.deepEqual(undocumented, []);
});

test("index.d.ts declares exactly the values pkg-template/src/index.js exports", () => {
  const js = readFileSync(join(root, "pkg-template/src/index.js"), "utf8");
  const runtime = new Set();
  for (const m of js.matchAll(/^export (?:async )?(?:const|let|class|function\*?) (\w+)/gm)) runtime.add(m[1]);
  for (const m of js.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const name of m[1].split(",")) {
      const exported = name.trim().split(/\s+as\s+/).pop();
      if (exported) runtime.add(exported);
    }
  }
  const declared = new Set([...readFileSync(dts, "utf8").matchAll(/^export declare (?:class|const|function) (\w+)/gm)].map((m) => m[1]));
  assert.deepEqual([...declared].sort(), [...runtime].sort());
});
