// The offline guides: a service worker that keeps the public guides a reader has opened,
// and that language's home, Easy Read list, glossary and offline page, so they open
// again without a connection. Anything else offline gets the offline page.
//
// It never stores a family's plan, a passcode page, a calendar feed, the professionals'
// workspace or the API: only addresses of public pages are kept (checked by URL), and
// only answers that say they may be kept (200, from this site, no redirect, and no
// `no-store` or `private`). Family pages are `no-store` too, so either check alone
// would keep them out.
//
// The portal serves this file at /sw.js with its "Exit this page" address first
// (`self.EXIT_URL`): offline, the exit still leaves for that address at once.

const CACHE = "portal-public-pages-v1";
const SECTIONS = "parents|easy-read|young-people|professionals|procedures";
const SITE_PAGES = "about|accessibility|online-safety|privacy|cookies|feedback|offline";
const PUBLIC_PAGE = new RegExp(
  `^/[a-z]{2}/(?:|(?:${SECTIONS})/(?:[a-z0-9-]+)?|glossary|${SITE_PAGES})$`,
);
// Built files carry a hash of their contents in their names, so a kept copy is never stale.
const BUILT_FILE = /^\/static\/[A-Za-z0-9._-]+\.[0-9a-f]{12}\.(?:css|js)$/;
const LANGUAGE = /^\/([a-z]{2})\//;

function keepable(url) {
  return (
    url.origin === self.location.origin &&
    !url.search &&
    (PUBLIC_PAGE.test(url.pathname) || BUILT_FILE.test(url.pathname))
  );
}

function mayBeKept(response) {
  const cacheControl = (response.headers.get("Cache-Control") || "").toLowerCase();
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    !cacheControl.includes("no-store") &&
    !cacheControl.includes("private")
  );
}

async function keep(url, response) {
  if (!keepable(url) || !mayBeKept(response)) return;
  const cache = await caches.open(CACHE);
  await cache.put(url.pathname, response);
}

async function fetchAndKeep(path) {
  const url = new URL(path, self.location.origin);
  try {
    const response = await fetch(url, { credentials: "omit", redirect: "error" });
    await keep(url, response);
  } catch {
    // Offline or refused: it is kept next time.
  }
}

// A reader of a guide in one language gets that language's way around offline too.
async function keepLanguageBasics(lang) {
  const cache = await caches.open(CACHE);
  for (const path of [`/${lang}/`, `/${lang}/easy-read/`, `/${lang}/glossary`, `/${lang}/offline`]) {
    if (!(await cache.match(path))) await fetchAndKeep(path);
  }
}

async function keepOfflinePage(lang) {
  const path = `/${lang}/offline`;
  if (!(await (await caches.open(CACHE)).match(path))) await fetchAndKeep(path);
}

function languageOf(url) {
  const match = LANGUAGE.exec(url.pathname);
  return match ? match[1] : "en";
}

async function offlinePage(url) {
  const cache = await caches.open(CACHE);
  const page =
    (await cache.match(`/${languageOf(url)}/offline`)) || (await cache.match("/en/offline"));
  return (
    page ||
    new Response("You are offline.", {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    })
  );
}

async function answer(event, url) {
  const request = event.request;
  try {
    const response = await fetch(request);
    if (keepable(url) && mayBeKept(response)) {
      event.waitUntil(keep(url, response.clone()));
      if (request.mode === "navigate" && PUBLIC_PAGE.test(url.pathname)) {
        event.waitUntil(keepLanguageBasics(languageOf(url)));
      }
    } else if (request.mode === "navigate" && LANGUAGE.test(url.pathname)) {
      // A family member who reads only their plan still gets the offline page in their
      // language (the offline page is public; the plan itself is never kept).
      event.waitUntil(keepOfflinePage(languageOf(url)));
    }
    return response;
  } catch (error) {
    if (keepable(url)) {
      const kept = await (await caches.open(CACHE)).match(url.pathname);
      if (kept) return kept;
    }
    if (request.mode === "navigate") return offlinePage(url);
    throw error;
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(fetchAndKeep("/en/offline").then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
      // The page that registered this worker was loaded before it ran: keep it now.
      for (const client of await self.clients.matchAll({ type: "window" })) {
        const url = new URL(client.url);
        if (keepable(url) && PUBLIC_PAGE.test(url.pathname)) {
          await fetchAndKeep(url.pathname);
          await keepLanguageBasics(languageOf(url));
        } else if (LANGUAGE.test(url.pathname)) {
          await keepOfflinePage(languageOf(url));
        }
      }
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === "/exit") {
    // Online the portal ends the family session and sends the reader on; offline the
    // reader still leaves at once for the same neutral site.
    event.respondWith(fetch(request).catch(() => Response.redirect(self.EXIT_URL, 303)));
    return;
  }
  // Pages that are not kept (a family's plan, a passcode page, the workspace) still come
  // from the network untouched; only a navigation that fails gets the offline page.
  if (keepable(url) || request.mode === "navigate") event.respondWith(answer(event, url));
});
