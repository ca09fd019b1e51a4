// Builds static/build/ from static/src/: one stylesheet (plus its right-to-left mirror),
// one small script and the offline guides' service worker (served at /sw.js), each with a content hash in its name so WhiteNoise can let
// browsers cache them for a year. manifest.json maps logical names to hashed ones.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import rtlcss from "rtlcss";
import * as sass from "sass";

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
console.log("built", readdirSync(out).join(" "));
