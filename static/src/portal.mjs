// Progressive enhancement only: every page works without this script.
import { ErrorSummary, ExitThisPage, SkipLink, createAll } from "govuk-frontend";
import "./listen.mjs";

// GOV.UK Frontend components start only on pages marked as supported. The usual
// inline script that does this would break our strict CSP, so this module does it.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

createAll(SkipLink);
createAll(ErrorSummary);
createAll(ExitThisPage);

// "Copy link" buttons on share panels: shown only when the clipboard is available.
for (const button of document.querySelectorAll("[data-copy-target]")) {
  const input = document.getElementById(button.dataset.copyTarget);
  if (!input || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(input.value).then(() => {
      button.textContent = button.dataset.copiedText || button.textContent;
    });
  });
}

// Offline guides (static/src/offline.mjs): the guides read on this device open again
// without a connection. Without service workers the site works just the same.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
