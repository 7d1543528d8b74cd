// The console's frame: the API client (session cookie, CSRF token on every change), the DOM
// helper (text is always set as text, never parsed as HTML), the menu and the router (#/page).
// Customer pages are in pages.js, the operator's in operator.js.
import { t, language, setLanguage } from './i18n.js';
import { customerPages } from './pages.js';
import { operatorPages } from './operator.js';
import { replyPages } from './replies.js';
import { subaccountPages } from './subaccounts.js';

export const state = { session: null, flash: null };

/** A refusal of the API: its status, its problem+json detail and legacy code. */
export class Problem extends Error {
  constructor(status, body) {
    super((body && body.detail) || String(status));
    this.status = status;
    this.code = body && body.code;
    this.retryAfter = 0;
  }
}

/** Calls /api/v1: JSON in and out, or text (CSV) when the body given is a string with its type. */
export async function api(method, path, body, type) {
  const headers = { Accept: 'application/json' };
  if (state.session && method !== 'GET') headers['X-CSRF-Token'] = state.session.csrfToken;
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = type || 'application/json';
    init.body = type ? body : JSON.stringify(body);
  }
  const r = await fetch('/api/v1' + path, init);
  const text = await r.text();
  const json = (r.headers.get('Content-Type') || '').includes('json') && text ? JSON.parse(text) : null;
  if (r.status === 401 && state.session) {
    state.session = null;
    location.hash = '#/login';
  }
  if (!r.ok) {
    const p = new Problem(r.status, json);
    p.retryAfter = Number(r.headers.get('Retry-After') || 0);
    p.text = text;
    throw p;
  }
  return json ?? text;
}

/** An element: h('p', {class: 'x', onclick: f}, 'text', child…); strings become text nodes. */
export function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** A labelled field: the label's for= ties it to its input (screen readers say the label). */
let fieldCount = 0;
export function field(label, input, help) {
  const id = input.id || 'f' + (++fieldCount);
  input.id = id;
  const helpId = help ? id + '-help' : null;
  if (helpId) input.setAttribute('aria-describedby', helpId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, help ? h('small', { id: helpId }, help) : null);
}

/** A table of rows: columns [label, row => cell]. */
export function table(caption, columns, rows) {
  if (!rows.length) return h('p', { class: 'empty' }, t('app.none'));
  return h('table', {}, h('caption', { class: 'sr' }, caption),
    h('thead', {}, h('tr', {}, columns.map(([label]) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, rows.map(row => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(row)))))));
}

/** Says something to the user, in the live region (read out by screen readers). */
export function say(text, bad) {
  const toast = document.getElementById('toast');
  toast.className = bad ? 'bad' : 'good';
  toast.textContent = text;
}

/** Runs an action of a form, saying its refusal (the API's detail) instead of failing silently. */
export async function attempt(action) {
  try {
    return await action();
  } catch (e) {
    say(e instanceof Problem ? e.message : t('app.error') + ': ' + e.message, true);
    return undefined;
  }
}

export function date(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(language() === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'short', timeStyle: 'short' });
}

const main = () => document.getElementById('main');

function page(title, ...content) {
  document.title = title + ' · Colibri';
  const m = main();
  m.replaceChildren(h('h1', {}, title), ...content.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
  m.focus();
}

// ---- logging in, out, and passwords forgotten ------------------------------------------------

function loginPage() {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, maxlength: 254 });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, maxlength: 200 });
  const key = h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', maxlength: 100 });
  const submit = async (body, ev) => {
    ev.preventDefault();
    try {
      state.session = await api('POST', '/session', body);
      say('');
      location.hash = state.session.operator ? '#/op/accounts' : '#/dashboard';
      render();
    } catch (e) {
      say(e.status === 429 ? t('login.locked', Math.max(1, Math.round(e.retryAfter / 60))) : e.status === 401 ? t('login.wrong') : e.message, true);
    }
  };
  page(t('login.title'),
    h('form', { id: 'login', onsubmit: ev => submit({ email: email.value, password: password.value }, ev) },
      field(t('login.email'), email), field(t('login.password'), password),
      h('button', { type: 'submit' }, t('login.submit'))),
    h('p', {}, h('a', { href: '#/forgot' }, t('login.forgot'))),
    h('details', {}, h('summary', {}, t('login.operator')),
      h('form', { id: 'login-key', onsubmit: ev => submit({ apiKey: key.value.trim() }, ev) },
        field(t('login.apiKey'), key), h('button', { type: 'submit' }, t('login.submit')))));
}

function forgotPage() {
  const email = h('input', { type: 'email', required: true, autocomplete: 'username', maxlength: 254 });
  page(t('forgot.title'), h('form', { onsubmit: async ev => {
    ev.preventDefault();
    if (await attempt(() => api('POST', '/password-resets', { email: email.value })) !== undefined) say(t('forgot.sent'));
  } }, field(t('login.email'), email), h('button', { type: 'submit' }, t('forgot.submit'))));
}

function resetPage(token) {
  const password = h('input', { type: 'password', required: true, autocomplete: 'new-password', minlength: 10, maxlength: 64 });
  page(t('reset.title'), h('form', { onsubmit: async ev => {
    ev.preventDefault();
    if (await attempt(() => api('POST', '/password-resets/confirm', { token, password: password.value })) !== undefined) {
      state.flash = t('reset.done');
      location.hash = '#/login';
    }
  } }, field(t('account.new'), password, t('password.rule')), h('button', { type: 'submit' }, t('reset.submit'))));
}

async function logout() {
  await attempt(() => api('DELETE', '/session'));
  state.session = null;
  location.hash = '#/login';
  render();
}

// ---- the frame ------------------------------------------------------------------------------

const CUSTOMER_MENU = ['dashboard', 'send', 'messages', 'campaigns', 'groups', 'replies', 'rules', 'blacklist', 'options', 'subaccounts', 'invoices', 'keys',
  'account'];
const OPERATOR_MENU = [['op/accounts', 'accounts'], ['op/messages', 'search'], ['op/contact-texts', 'contactTexts'], ['op/connectors', 'connectors'],
  ['op/dead-letters', 'deadLetters']];

function frame() {
  const nav = document.getElementById('nav');
  const current = location.hash.replace(/^#\//, '').split('/').slice(0, 2).join('/');
  const items = !state.session ? [] : state.session.operator ? OPERATOR_MENU : CUSTOMER_MENU.map(p => [p, p]);
  nav.replaceChildren(h('ul', {}, items.map(([route, key]) => h('li', {},
    h('a', { href: '#/' + route, 'aria-current': current.startsWith(route) ? 'page' : null }, t('nav.' + key))))));
  const out = document.getElementById('logout');
  out.hidden = !state.session;
  out.textContent = t('app.logout');
  const who = document.getElementById('who');
  who.textContent = state.session ? (state.session.email || state.session.operator) : '';
  document.getElementById('lang').textContent = t('app.language');
  document.querySelector('.skip').textContent = t('app.skip');
}

export async function render() {
  const hash = location.hash.replace(/^#\/?/, '');
  if (hash.startsWith('reset=')) {
    frame();
    return resetPage(hash.slice('reset='.length));
  }
  if (!state.session) {
    frame();
    return hash === 'forgot' ? forgotPage() : loginPage();
  }
  const [first, ...rest] = hash.split('/');
  const pages = state.session.operator ? operatorPages : { ...customerPages, ...replyPages, ...subaccountPages };
  const name = (first === 'op' ? 'op/' + (rest.shift() || '') : first).split('?')[0];
  const show = pages[name] || pages[state.session.operator ? 'op/accounts' : 'dashboard'];
  frame();
  main().replaceChildren(h('p', {}, t('app.loading')));
  try {
    await show({ page, args: rest.map(decodeURIComponent) });
  } catch (e) {
    page(t('app.error'), h('p', { role: 'alert' }, e.message));
  }
}

async function start() {
  setLanguage(language());
  document.getElementById('lang').addEventListener('click', () => { setLanguage(language() === 'fr' ? 'en' : 'fr'); render(); });
  document.getElementById('logout').addEventListener('click', logout);
  // A new page clears what was said on the last one, unless it was said for the new one (state.flash).
  window.addEventListener('hashchange', () => { say(state.flash || ''); state.flash = null; render(); });
  try {
    state.session = await api('GET', '/session');
  } catch (e) {
    state.session = null;
  }
  render();
}

start();
