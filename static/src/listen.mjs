// "Listen to this page": the browser's own speech synthesis reads the page's main text
// in the page's language. Nothing leaves the device. The control stays hidden without
// JavaScript, without speech synthesis, or without a voice for the language.

const VOICE_WAIT_MS = 1500;
// Read block by block: one long utterance is cut off by some browsers, and a block is
// a natural place to pause.
const BLOCKS = "h1, h2, h3, h4, p, li, dt, dd";
const SKIP = "nav, form, button, .portal-no-print, .govuk-visually-hidden, [data-module='portal-listen'], [hidden]";

function languageOf(element) {
  const tagged = element.closest("[lang]");
  return (tagged ? tagged.getAttribute("lang") : document.documentElement.lang || "en").toLowerCase();
}

function hasVoice(synth, lang) {
  const primary = lang.split("-")[0];
  return synth.getVoices().some((voice) => (voice.lang || "").toLowerCase().replace("_", "-").split("-")[0] === primary);
}

function voicesReady(synth) {
  if (synth.getVoices().length) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => resolve();
    synth.addEventListener?.("voiceschanged", done, { once: true });
    setTimeout(done, VOICE_WAIT_MS);
  });
}

export function blocksToRead(root) {
  const out = [];
  for (const block of root.querySelectorAll(BLOCKS)) {
    if (block.closest(SKIP)) continue;
    // A list item or paragraph inside another block is read with its own text only once.
    if (block.parentElement && block.parentElement.closest(BLOCKS) && root.contains(block.parentElement.closest(BLOCKS))) continue;
    const text = block.innerText.replace(/\s+/g, " ").trim();
    if (text) out.push(text);
  }
  return out;
}

export function startListen(control) {
  const synth = window.speechSynthesis;
  const Utterance = window.SpeechSynthesisUtterance;
  const root = document.querySelector(control.dataset.listenTarget || "main");
  if (!synth || !Utterance || !root) return;
  const lang = languageOf(root);
  const [play, pause, stop] = ["play", "pause", "stop"].map((part) => control.querySelector(`[data-listen="${part}"]`));
  const status = control.querySelector("[data-listen-status]");

  const show = (state) => {
    play.hidden = state === "speaking";
    pause.hidden = state !== "speaking";
    stop.hidden = state === "idle";
    play.textContent = state === "paused" ? play.dataset.resumeText : play.dataset.startText;
    if (status) status.textContent = state === "idle" ? "" : control.dataset[`${state}Text`] || "";
  };

  play.addEventListener("click", () => {
    if (synth.paused && synth.speaking) {
      synth.resume();
      show("speaking");
      return;
    }
    synth.cancel();
    const blocks = blocksToRead(root);
    blocks.forEach((text, index) => {
      const utterance = new Utterance(text);
      utterance.lang = lang;
      if (index === blocks.length - 1) utterance.onend = () => show("idle");
      synth.speak(utterance);
    });
    show("speaking");
  });
  pause.addEventListener("click", () => {
    synth.pause();
    show("paused");
  });
  stop.addEventListener("click", () => {
    synth.cancel();
    show("idle");
    play.focus();
  });
  // Leaving the page stops the reading.
  window.addEventListener("pagehide", () => synth.cancel());

  voicesReady(synth).then(() => {
    if (!hasVoice(synth, lang)) return;
    show("idle");
    control.hidden = false;
  });
}

for (const control of document.querySelectorAll("[data-module='portal-listen']")) {
  startListen(control);
}
