/**
 * The console's stylesheet and its one ES module, served as files under /admin/assets/ (the CSP
 * allows scripts and styles from the console's own origin only, never inline). Kept here as
 * strings so that the Lambda bundle carries them without a file-copy step.
 *
 * The module only enhances: every action is a plain form that works without it. It follows a
 * running send or import (polling the JSON of the page it sits on), shows an upload's progress
 * (the upload leads to the import's confirm page; nothing is imported before Confirm), and asks
 * before a page with a form typed in and not sent is left.
 */

export const CONSOLE_CSS = `:root{color-scheme:light;--ink:#1b1d21;--muted:#4b5058;--line:#d4d1ca;--bg:#f4f3ef;--card:#fff;--accent:#0b4fa0;--danger:#a11d1d;--ok:#1d6b34}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--ink)}
a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f2b400;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:8px}.skip:focus{left:8px}
header.bar{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center;padding:12px 24px;background:#1b1d21;color:#f4f3ef}
header.bar a{color:#cfe3ff;text-decoration:none}header.bar a[aria-current=page]{color:#fff;text-decoration:underline}
header.bar .brand{font-weight:700;color:#fff}header.bar nav ul{display:flex;gap:16px;list-style:none;margin:0;padding:0}
header.bar form{margin-left:auto}
main{max-width:1280px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.6rem 0 .6rem}h3{font-size:1rem;margin:1rem 0 .4rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 18px;margin:0 0 16px}
.grid{display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(260px,1fr))}
table{border-collapse:collapse;width:100%;background:var(--card)}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
input[type=text],input[type=email],input[type=password],input[type=search],input[type=url],input[type=datetime-local],select,textarea{font:inherit;width:100%;max-width:40rem;padding:.45rem .55rem;border:1px solid #8a8f98;border-radius:6px;background:#fff;color:var(--ink)}
textarea{min-height:8rem}
button,.button{font:inherit;display:inline-block;padding:.45rem 1rem;border:1px solid var(--accent);border-radius:6px;background:var(--accent);color:#fff;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}button.danger{background:var(--danger);border-color:var(--danger)}
button.link{background:none;border:0;color:#cfe3ff;padding:0;text-decoration:underline}
.inline{display:inline}.row{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end}.row>*{flex:0 1 auto}
.muted{color:var(--muted)}.small{font-size:.88rem}
.flash{border-radius:6px;padding:10px 14px;margin:0 0 16px;border:1px solid}
.flash.ok{background:#e8f4ec;border-color:#8cc29d;color:#123f20}.flash.error{background:#fbeaea;border-color:#d99;color:#6d1010}
.badge{display:inline-block;padding:0 .5rem;border-radius:999px;font-size:.8rem;border:1px solid var(--line);background:#f0efe9}
.badge.corrected{background:#fff4d1;border-color:#c9a400;color:#4d3b00}
a.badge.warning{background:#fff4d1;border-color:#b58900;color:#4d3b00;font-weight:600;white-space:nowrap}
ol.points,ul.quotes{padding-left:1.2rem}ol.points li,ul.quotes li{margin:.4rem 0}
.actions{display:inline-flex;gap:4px;margin-left:6px;vertical-align:middle}
.actions button{padding:.1rem .5rem;font-size:.85rem}
blockquote{margin:.2rem 0;padding-left:.8rem;border-left:3px solid var(--line)}
.frames{display:flex;gap:20px;align-items:flex-start;overflow-x:auto;padding-bottom:8px}
.frames figure{margin:0;flex:none}.frames figcaption{font-weight:600;margin:0 0 6px}
iframe.w600{width:600px;height:900px;border:1px solid var(--line);background:#fff}iframe.w375{width:375px;height:900px;border:1px solid var(--line);background:#fff}iframe.dark{background:#111}
pre.snippet{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px;font-size:.85rem}
progress{width:100%;max-width:40rem;height:1.2rem}
svg.chart{max-width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:6px}
td.wrap{overflow-wrap:anywhere;word-break:break-word}.scroll{overflow-x:auto}.scroll:focus-visible{outline:3px solid #f2b400;outline-offset:2px}
main p a{overflow-wrap:anywhere}
.audit li{margin:.2rem 0}
.card.warning{border:2px solid #b58900;background:#fffbea}.card.warning h2{margin-top:0;color:#5c3d00}
button:disabled{opacity:.55;cursor:not-allowed}
`;

export const CONSOLE_JS = `// Progressive enhancement for the digest console: every action works without this file.
// A poll that fails says so in the status line, rather than leave the last count there as if it were current: a
// session that ended stops the following (the work itself goes on), anything else is tried again.
const poll = (el) => {
  const url = el.getAttribute('data-progress');
  const bar = el.querySelector('progress');
  const text = el.querySelector('[data-progress-text]');
  let last = text ? text.textContent : '';
  const tick = async () => {
    let state;
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (res.status === 401) {
        if (text) text.textContent = 'No longer followed here: your session has ended (signed out, or over its hours). The work goes on without this page: sign in again, then open this page to see how it stands. Last seen: ' + last;
        return;
      }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      state = await res.json();
    } catch (error) {
      const why = error instanceof Error && error.message.startsWith('HTTP ') ? error.message : 'no answer from the console';
      if (text) text.textContent = last + ' (not refreshed: ' + why + '; trying again)';
      setTimeout(tick, 3000);
      return;
    }
    last = state.text;
    if (bar && typeof state.total === 'number' && state.total > 0) {
      bar.max = state.total;
      bar.value = state.done;
    }
    if (text) text.textContent = state.text;
    if (state.finished) {
      const next = el.getAttribute('data-progress-done');
      if (next) window.location.assign(next);
      return;
    }
    setTimeout(tick, 1000);
  };
  tick();
};
document.querySelectorAll('[data-progress]').forEach(poll);

// An upload shows how much of the file has gone, then the server's answer replaces the page: the page it redirected
// to (the upload's own), or, when it answered at the form's address (a refusal: no email column, an empty file, a
// session that ended), that answer itself, with its reason and the form as it was posted.
const showAnswer = (xhr, form) => {
  const url = xhr.responseURL;
  if (url && url !== new URL(form.action, window.location.href).href) {
    window.location.assign(url);
    return;
  }
  const answer = new DOMParser().parseFromString(xhr.responseText, 'text/html');
  document.title = answer.title;
  document.body.replaceWith(document.adoptNode(answer.body));
  bindUploads();
  const alert = document.querySelector('[role=alert]');
  if (alert) {
    alert.setAttribute('tabindex', '-1');
    alert.focus();
  }
};
const bindUploads = () => document.querySelectorAll('form[data-upload]').forEach((form) => {
  form.addEventListener('submit', (event) => {
    const status = form.querySelector('[data-upload-status]');
    if (!status || typeof XMLHttpRequest === 'undefined') return;
    event.preventDefault();
    const bar = status.querySelector('progress');
    const text = status.querySelector('[data-progress-text]');
    status.hidden = false;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable || !bar) return;
      bar.max = e.total;
      bar.value = e.loaded;
      if (text) text.textContent = 'Uploading: ' + Math.round((100 * e.loaded) / e.total) + '%';
    });
    xhr.upload.addEventListener('load', () => {
      if (bar) bar.removeAttribute('value');
      if (text) text.textContent = 'Reading the file…';
    });
    xhr.addEventListener('load', () => showAnswer(xhr, form));
    xhr.addEventListener('error', () => form.submit());
    xhr.send(new FormData(form));
  });
});
bindUploads();
// Typed but not sent: a form whose fields differ from what the page was loaded with (a subject, a speaker, a pasted
// article). Leaving the page another way (another form's button, a link, a reload) would bring it back without them,
// so the browser asks first. The form being sent is its own answer, and search forms (GET) hold nothing to lose.
let sending = null;
document.addEventListener('submit', (event) => {
  sending = event.target;
});
const changed = (form) =>
  Array.from(form.elements).some((el) => {
    if (el.type === 'hidden' || el.readOnly || el.disabled) return false;
    if (el.type === 'checkbox' || el.type === 'radio') return el.checked !== el.defaultChecked;
    if (el.type === 'file') return el.files && el.files.length > 0;
    if (el.tagName === 'SELECT') return Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
    return 'defaultValue' in el && el.value !== el.defaultValue;
  });
window.addEventListener('beforeunload', (event) => {
  const unsent = Array.from(document.querySelectorAll('form[method=post]')).some(
    (form) => form !== sending && changed(form),
  );
  sending = null;
  if (!unsent) return;
  event.preventDefault();
  event.returnValue = '';
});
`;
