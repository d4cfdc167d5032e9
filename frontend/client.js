// The portal's client: a small ES module every page loads (deferred, cached
// for a year under its content name). Every page works without it.
//
// 1. Forms in place. A POST form is sent with fetch, as the browser would
//    send it; the page the server answers with (the same page with the
//    errors next to the fields and what was typed, or the next page after a
//    redirect) replaces the body without a full page load, and the focus
//    goes where a keyboard or screen-reader user expects it.
// 2. Islands. Only when the page holds interactive parts (`<leptos-island>`:
//    suggestions as you type, draft autosave, the check-in camera...) is the
//    WebAssembly client fetched; each island then hydrates. An island inside
//    `[data-pe-lazy]` waits until the person reaches it (pointer, focus,
//    touch); a click that comes first is replayed once it has hydrated.
//
// `<html class="pe-js">` says the client runs (CSS shows what needs it);
// `<html data-hydrated>` says the page is ready (its eager islands hydrated);
// the marks `pe-hydrated` and `pe-island` time it (see bench_client.mjs).

document.documentElement.classList.add('pe-js');

const tag = document.querySelector('script[data-pe-client]');
const JS_URL = tag?.dataset.js;
const WASM_URL = tag?.dataset.wasm;

let wasm = null;

/** The WebAssembly client, fetched and started once. */
function client() {
  if (!wasm) {
    // The data Leptos's hydration reads: the server leaves its empty
    // declarations out of the page (server/src/lean_html.rs).
    for (const name of ['__RESOLVED_RESOURCES', '__SERIALIZED_ERRORS', '__PENDING_RESOURCES',
      '__RESOURCE_RESOLVERS', '__INCOMPLETE_CHUNKS']) {
      globalThis[name] ??= [];
    }
    wasm = import(JS_URL).then(async (mod) => {
      await mod.default({ module_or_path: WASM_URL });
      mod.hydrate();
      return mod;
    });
  }
  return wasm;
}

/** Hydrates the islands under `root` that are not yet (the lazy ones too
 * when `lazyToo`). */
async function hydrateIslands(root, lazyToo = false) {
  const pending = [...root.querySelectorAll('leptos-island')].filter(
    (el) => !el.peHydrated && (lazyToo || !el.closest('[data-pe-lazy]')),
  );
  if (pending.length === 0) return;
  const mod = await client();
  for (const el of pending) {
    el.peHydrated = true;
    const hydrate = mod[el.dataset.component];
    if (!hydrate) {
      console.warn(`island ${el.dataset.component} is not in the client`);
      continue;
    }
    const done = hydrate(el);
    if (done && typeof done.then === 'function') await done;
    el.setAttribute('data-ready', '');
    performance.mark('pe-island');
  }
}

/** Lets the lazy islands under `root` hydrate when first reached. */
function armLazy(root) {
  for (const box of root.querySelectorAll('[data-pe-lazy]')) {
    if (box.peArmed) continue;
    box.peArmed = true;
    let woken = null;
    const wake = () => {
      woken ??= hydrateIslands(box, true)
        .catch((e) => console.error('an interactive part could not start', e))
        .finally(() => { box.peReady = true; });
      return woken;
    };
    for (const kind of ['pointerover', 'focusin', 'touchstart']) {
      box.addEventListener(kind, wake, { once: true, passive: true });
    }
    // A click before the island is ready waits for it, then happens.
    box.addEventListener('click', (ev) => {
      if (box.peReady) return;
      ev.preventDefault();
      ev.stopPropagation();
      const target = ev.target;
      wake().then(() => target.isConnected && target.click());
    }, true);
  }
}

/** The address of the page shown, without its fragment. */
const pageOf = (url) => url.split('#')[0];
let shown = pageOf(location.href);

/** The method, address and body the browser would send for this form. */
function request(form, submitter) {
  const attr = (name) => (submitter?.hasAttribute(`form${name}`) ? submitter.getAttribute(`form${name}`) : null);
  const method = (attr('method') ?? form.getAttribute('method') ?? 'get').toLowerCase();
  if (method !== 'post' || form.hasAttribute('data-reload') || (attr('target') ?? form.target)) return null;
  const action = new URL(attr('action') ?? form.getAttribute('action') ?? location.href, location.href);
  if (action.origin !== location.origin) return null;
  let data;
  try {
    data = submitter ? new FormData(form, submitter) : new FormData(form);
  } catch {
    data = new FormData(form);
  }
  const enctype = (attr('enctype') ?? form.enctype ?? '').toLowerCase();
  const body = enctype === 'multipart/form-data' ? data : new URLSearchParams(data);
  return { action, body };
}

/** Where the focus goes once the answer is shown. */
function placeFocus(samePage, focusedId) {
  const alert = document.querySelector('main [role="alert"]');
  if (alert) {
    if (!alert.hasAttribute('tabindex')) alert.setAttribute('tabindex', '-1');
    alert.focus();
    return;
  }
  if (samePage) {
    const again = focusedId && document.getElementById(focusedId);
    if (again) {
      again.focus({ preventScroll: true });
      return;
    }
  } else {
    window.scrollTo(0, 0);
  }
  const hash = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  (hash || document.getElementById('contenu'))?.focus();
}

/** Shows the page the server answered with. */
async function show(html, url) {
  // The server leaves the inline style sheet out of answers shown in
  // place; one from an instance of an earlier release (during an upgrade)
  // is dropped here: a parsed document takes this page's policy, under
  // which the answer's own nonce is refused (its head is not used; the
  // style sheet is the same). The policy lets no other <style> in.
  const doc = new DOMParser().parseFromString(html.replace(/<style[^>]*>[\s\S]*?<\/style>/i, ''), 'text/html');
  const samePage = pageOf(url) === shown;
  const focusedId = document.activeElement?.id;
  if (!samePage || url !== location.href) history.pushState(null, '', url);
  shown = pageOf(url);
  document.title = doc.title;
  document.body.replaceWith(document.adoptNode(doc.body));
  placeFocus(samePage, focusedId);
  armLazy(document.body);
  await hydrateIslands(document.body);
}

/** Says, above the form, that the server could not answer. */
function failed(form) {
  form.querySelector('.pe-client-error')?.remove();
  const box = document.createElement('div');
  box.className = 'alert alert-error pe-client-error';
  box.setAttribute('role', 'alert');
  box.setAttribute('tabindex', '-1');
  box.textContent = "Le serveur n'a pas pu traiter ce formulaire. Rien n'a été perdu : réessayez dans un instant.";
  form.prepend(box);
  box.focus();
}

let sending = false;

document.addEventListener('submit', async (ev) => {
  if (ev.defaultPrevented || !(ev.target instanceof HTMLFormElement)) return;
  const form = ev.target;
  const submitter = ev.submitter;
  const req = request(form, submitter);
  if (!req) return;
  ev.preventDefault();
  // A second click while the first is on its way sends nothing more.
  if (sending) return;
  sending = true;
  form.setAttribute('aria-busy', 'true');
  let res;
  try {
    res = await fetch(req.action, {
      method: 'POST',
      body: req.body,
      // The answer's head is not used: the server leaves out the inline
      // style sheet and loader (and keeps it for the redirect it may follow).
      headers: { Accept: 'text/html', 'X-PE-In-Place': '1' },
      credentials: 'same-origin',
    });
  } catch (e) {
    // The network failed before any answer: the browser sends the form
    // itself, and shows its own page if the network is still down.
    console.warn('form sent without the client', e);
    sending = false;
    form.removeAttribute('aria-busy');
    if (submitter?.name) {
      const keep = document.createElement('input');
      keep.type = 'hidden';
      keep.name = submitter.name;
      keep.value = submitter.value;
      form.append(keep);
    }
    HTMLFormElement.prototype.submit.call(form);
    return;
  }
  try {
    if ((res.headers.get('content-type') ?? '').includes('text/html')) {
      await show(await res.text(), res.url);
    } else {
      // Not a page: an unexpected failure of the server (forms always get
      // a page back; downloads are links).
      form.removeAttribute('aria-busy');
      failed(form);
    }
  } catch (e) {
    console.error('the answer could not be shown', e);
    failed(form);
  } finally {
    sending = false;
  }
});

// Back and forward through pages shown in place: the browser loads them.
window.addEventListener('popstate', () => {
  if (pageOf(location.href) !== shown) location.reload();
});

armLazy(document.body);
hydrateIslands(document.body)
  .catch((e) => console.error('the interactive parts could not start', e))
  .finally(() => {
    document.documentElement.setAttribute('data-hydrated', '');
    performance.mark('pe-hydrated');
  });
