// Builds static/build/ from static/src/: one stylesheet (plus its right-to-left mirror),
// one small script and the offline guides' service worker (served at /sw.js), each with a content hash in its name so WhiteNoise can let
// browsers cache them for a year. manifest.json maps logical names to hashed ones.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import rtlcss from "rtlcss";
import * as sass from "sass";
import { optimize } from "svgo";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "build");

function hashed(name, contents) {
  const digest = createHash("sha256").update(contents).digest("hex").slice(0, 12);
  const dot = name.lastIndexOf(".");
  return `${name.slice(0, dot)}.${digest}${name.slice(dot)}`;
}

const css = sass.compile(join(here, "portal.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
}).css;
const rtl = rtlcss.process(css);

async function script(entry, format) {
  const built = await esbuild.build({
    entryPoints: [join(here, entry)],
    bundle: true,
    minify: true,
    format,
    target: "es2020",
    write: false,
    legalComments: "none",
  });
  return built.outputFiles[0].text;
}
const js = await script("portal.mjs", "esm");
// A classic script: service workers as modules are not yet everywhere.
const serviceWorker = await script("offline.mjs", "iife");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest = {};
for (const [name, contents] of [
  ["portal.css", css],
  ["portal.rtl.css", rtl],
  ["portal.js", js],
  ["sw.js", serviceWorker],
]) {
  const file = hashed(name, contents);
  writeFileSync(join(out, file), contents);
  manifest[name] = file;
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 1));

// Pictures for Easy Read and the young person's view: only those named in
// content/pictures.json, from OpenMoji (CC BY-SA 4.0), optimised. Served under fixed
// names (static/pictures/NAME.svg), so rendered content never holds a stale address.
const pictures = JSON.parse(readFileSync(join(here, "..", "..", "content", "pictures.json"), "utf8"));
const moji = join(here, "..", "..", "node_modules", "openmoji", "color", "svg");
mkdirSync(join(out, "pictures"), { recursive: true });
let pictureBytes = 0;
for (const [name, code] of Object.entries(pictures)) {
  if (name.startsWith("_")) continue;
  const svg = optimize(readFileSync(join(moji, `${code}.svg`), "utf8"), {
    multipass: true,
    plugins: ["preset-default", "removeDimensions"],
  }).data;
  writeFileSync(join(out, "pictures", `${name}.svg`), svg);
  pictureBytes += svg.length;
}
console.log("built", readdirSync(out).join(" "));
console.log(`pictures: ${Object.keys(pictures).length - 1}, ${pictureBytes} bytes`);
