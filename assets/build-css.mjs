// `make css`: compile assets/scss/main.scss (Bootstrap's Sass sources + the site's styles) into
// static/css/main.css, minified. The first line records a fingerprint of the sources and the pinned compiler
// and Bootstrap versions; tests/outreach/test_css.py recomputes it, so a source changed without `make css`
// fails the tests (which need no Node).
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as sass from "sass";

const root = path.resolve(import.meta.dirname, "..");
const output = path.join(root, "static", "css", "main.css");

// Same algorithm as tests/outreach/test_css.py: sorted relative paths under assets/, each with the sha256 of
// its bytes, then the locked versions of bootstrap and sass.
export function fingerprint() {
  const files = readdirSync(path.join(root, "assets"), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
  const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
  let text = "";
  for (const file of files) {
    text += `${file}\n${createHash("sha256").update(readFileSync(path.join(root, file))).digest("hex")}\n`;
  }
  for (const name of ["bootstrap", "sass"]) {
    text += `${name} ${lock.packages[`node_modules/${name}`].version}\n`;
  }
  return createHash("sha256").update(text).digest("hex");
}

const result = sass.compile(path.join(root, "assets", "scss", "main.scss"), {
  loadPaths: [path.join(root, "node_modules")],
  style: "compressed",
  sourceMap: false,
  // Bootstrap 5.3's sources use @import and global functions, which Dart Sass 1.x still compiles but warns
  // about on every line; the site's own files use them only to import Bootstrap.
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
const header = `/*! static/css/main.css: built by \`make css\` from assets/; sources ${fingerprint()} */\n`;
// With non-ASCII text (Bootstrap's em dash) Sass starts the file with a byte order mark, which must stay first.
const bom = result.css.startsWith("\uFEFF") ? "\uFEFF" : "";
writeFileSync(output, bom + header + result.css.slice(bom.length) + "\n");
console.log(`wrote ${path.relative(root, output)}: ${Buffer.byteLength(result.css)} bytes`);
