// The customer's pages: each reads and changes the account through the JSON API /api/v1, the
// same operations integrators call (docs/api.md).
import { api, h, field, table, say, attempt, date, state } from './app.js';
import { t } from './i18n.js';
import { count, outsideGsm } from './sms.js';

const STATUSES = ['SCHEDULED', 'ACCEPTED', 'SUBMITTING', 'SUBMITTED', 'DELIVERED', 'UNDELIVERABLE', 'FAILED', 'CANCELLED'];

function status(s) {
  return h('span', { class: 'status-' + s }, s);
}

// ---- dashboard -------------------------------------------------------------------------------

function chart(days) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const width = 600, height = 200, gap = 2;
  const max = Math.max(1, ...days.map(d => d.messages));
  const bar = width / days.length;
  svg.setAttribute('viewBox', `0 0 ${width} ${height + 20}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('dash.chart'));
  const axis = document.createElementNS(ns, 'line');
  axis.setAttribute('x1', 0); axis.setAttribute('x2', width); axis.setAttribute('y1', height); axis.setAttribute('y2', height);
  axis.setAttribute('class', 'axis');
  svg.append(axis);
  days.forEach((d, i) => {
    const x = i * bar + gap / 2;
    let y = height;
    for (const [n, cls] of [[d.delivered, 'delivered'], [d.failed, 'failed'], [d.messages - d.delivered - d.failed, 'other']]) {
      if (n <= 0) continue;
      const hgt = n / max * height;
      y -= hgt;
      const r = document.createElementNS(ns, 'rect');
      r.setAttribute('x', x); r.setAttribute('y', y); r.setAttribute('width', bar - gap); r.setAttribute('height', hgt);
      r.setAttribute('class', cls);
      const title = document.createElementNS(ns, 'title');
      title.textContent = `${d.day}: ${d.messages} (${d.delivered} ${t('dash.delivered')}, ${d.failed} ${t('dash.failed')})`;
      r.append(title);
      svg.append(r);
    }
    if (i % 5 === 0) {
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', x); label.setAttribute('y', height + 15); label.setAttribute('font-size', '11');
      label.textContent = d.day.slice(5);
      svg.append(label);
    }
  });
  return svg;
}

async function dashboard({ page }) {
  const s = await api('GET', '/account/stats');
  const card = (label, value, id) => h('div', { class: 'card' }, label, h('b', { id }, value));
  page(t('dash.title'),
    h('div', { class: 'cards' },
      card(t('dash.balance'), s.balance, 'balance'), card(t('dash.today'), s.today, 'today'), card(t('dash.month'), s.month, 'month'),
      card(t('dash.rate'), s.deliveryRate == null ? '–' : Math.round(s.deliveryRate * 1000) / 10 + ' %', 'rate')),
    h('h2', {}, t('dash.chart')), h('div', { class: 'chart' }, chart(s.days)),
    h('p', { class: 'legend' }, [['delivered', t('dash.delivered')], ['failed', t('dash.failed')], ['other', t('dash.other')]]
      .map(([cls, label]) => h('span', {}, h('i', { class: 'swatch ' + cls }), ' ', label))));
}

// ---- send ------------------------------------------------------------------------------------

function recipients(text) {
  return text.split(/[\n,;]+/).map(s => s.trim()).filter(Boolean);
}

/** The value of a datetime-local input as RFC 3339 with the browser's offset. */
function withOffset(local) {
  const d = new Date(local);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const pad = n => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${local.length === 16 ? local + ':00' : local}${sign}${pad(off / 60)}:${pad(off % 60)}`;
}

async function send({ page }) {
  const to = h('textarea', { name: 'to', rows: 3, required: true, maxlength: 20000 });
  const text = h('textarea', { name: 'text', rows: 5, required: true, maxlength: 2000 });
  const when = h('input', { type: 'datetime-local', name: 'sendAt' });
  const test = h('input', { type: 'checkbox', name: 'test' });
  const counter = h('div', { class: 'counter', id: 'counter', 'aria-live': 'polite' });
  const credits = h('span', { id: 'credits' }, t('send.creditsUnknown'));
  const result = h('div', { id: 'result' });
  let quoteTimer = null;
  let quoteSeq = 0;

  const recount = () => {
    const c = count(text.value);
    const why = c.encoding === 'UCS2' ? outsideGsm(text.value) : [];
    counter.replaceChildren(...[
      h('span', { id: 'chars' }, t('send.chars', [...text.value].length)),
      h('span', { id: 'units' }, t('send.units.' + c.encoding, c.units)),
      h('span', { id: 'parts' }, t('send.parts', c.parts)),
      h('span', { id: 'encoding' }, c.encoding),
      c.tooLong ? h('span', { class: 'warn' }, t('send.tooLong')) : null,
      why.length ? h('span', { class: 'warn', id: 'why' }, t('send.ucs2because', why.join(' '))) : null,
      credits].filter(Boolean));
    clearTimeout(quoteTimer);
    quoteTimer = setTimeout(quote, 400);
  };

  // What it costs, by the server's own rules (destination prices, groups' members): a test send.
  const quote = async () => {
    const list = recipients(to.value);
    if (!list.length || !text.value || count(text.value).tooLong) {
      credits.textContent = t('send.creditsUnknown');
      return;
    }
    const mine = ++quoteSeq;
    try {
      const r = await api('POST', '/messages', { to: list, text: text.value, test: true });
      if (mine !== quoteSeq) return;
      credits.textContent = t('send.credits', r.messages.reduce((sum, m) => sum + (m.credits || 0), 0));
    } catch (e) {
      if (mine === quoteSeq) credits.textContent = e.message;
    }
  };

  text.addEventListener('input', recount);
  to.addEventListener('input', () => { clearTimeout(quoteTimer); quoteTimer = setTimeout(quote, 400); });
  const submit = async ev => {
    ev.preventDefault();
    const body = { to: recipients(to.value), text: text.value };
    if (when.value) body.sendAt = withOffset(when.value);
    if (test.checked) body.test = true;
    const r = await attempt(() => api('POST', '/messages', body));
    if (!r) return;
    result.replaceChildren(h('h2', {}, t('send.result')), table(t('send.result'), [
      [t('messages.id'), m => m.id ? h('a', { href: '#/messages/' + m.id }, String(m.id)) : ''],
      [t('messages.to'), m => m.to], [t('send.status'), m => status(m.status)], [t('send.code'), m => String(m.code)],
      [t('messages.parts'), m => m.parts ?? ''], [t('messages.credits'), m => m.credits ?? ''], ['', m => m.reason || '']], r.messages),
      ...[...new Set(r.messages.filter(m => m.campaign).map(m => m.campaign))].map(c => h('p', {}, h('a', { href: '#/campaigns/' + c,
        class: 'follow' }, t('camp.follow')))));
    say(t('app.saved'));
  };
  page(t('send.title'), h('form', { id: 'send', onsubmit: submit },
    field(t('send.to'), to, t('send.toHelp')), field(t('send.text'), text), counter,
    field(t('send.when'), when), h('label', {}, test, ' ', t('send.test')),
    h('button', { type: 'submit' }, t('send.submit'))), result);
  recount();
}

// ---- history ---------------------------------------------------------------------------------

function query(filters, cursor, limit) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  if (cursor) q.set('cursor', cursor);
  q.set('limit', limit);
  return '/messages?' + q;
}

function csvCell(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[";\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

async function exportCsv(filters) {
  const rows = [['id', 'to', 'status', 'reason', 'parts', 'credits', 'acceptedAt', 'submittedAt', 'doneAt', 'text']];
  let cursor = null;
  for (let i = 0; i < 50; i++) {
    const r = await api('GET', query(filters, cursor, 200));
    r.messages.forEach(m => rows.push([m.id, m.to, m.status, m.reason, m.parts, m.credits, m.acceptedAt, m.submittedAt, m.doneAt, m.text]));
    if (!r.next) break;
    cursor = r.next;
  }
  const blob = new Blob(['\ufeff' + rows.map(r => r.map(csvCell).join(';')).join('\r\n') + '\r\n'], { type: 'text/csv' });
  const a = h('a', { href: URL.createObjectURL(blob), download: 'colibri-messages.csv' });
  document.body.append(a);
  a.click();
  a.remove();
}

async function messages({ page, args }) {
  if (args.length) return message({ page, id: args[0] });
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const filters = { status: params.get('status') || '', to: params.get('to') || '', since: params.get('since') || '' };
  const statusSel = h('select', { name: 'status' }, h('option', { value: '' }, t('messages.all')),
    STATUSES.map(s => h('option', { value: s, selected: s === filters.status }, s)));
  const toIn = h('input', { name: 'to', value: filters.to, maxlength: 20 });
  const sinceIn = h('input', { type: 'date', name: 'since', value: filters.since ? filters.since.slice(0, 10) : '' });
  const list = h('div', { id: 'messages' });
  let cursor = null;
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('app.next'));
  const load = async () => {
    const r = await api('GET', query(filters, cursor, 50));
    list.append(table(t('messages.title'), [
      [t('messages.id'), m => h('a', { href: '#/messages/' + m.id }, String(m.id))], [t('messages.to'), m => m.to],
      [t('messages.status'), m => status(m.status)], [t('messages.text'), m => m.text], [t('messages.parts'), m => String(m.parts)],
      [t('messages.credits'), m => String(m.credits)], [t('messages.accepted'), m => date(m.acceptedAt)]], r.messages));
    cursor = r.next;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => attempt(load));
  page(t('messages.title'), h('form', { class: 'inline', onsubmit: ev => {
    ev.preventDefault();
    const q = new URLSearchParams();
    if (statusSel.value) q.set('status', statusSel.value);
    if (toIn.value) q.set('to', toIn.value);
    if (sinceIn.value) q.set('since', new Date(sinceIn.value + 'T00:00').toISOString());
    location.hash = '#/messages?' + q;
  } }, field(t('messages.status'), statusSel), field(t('messages.to'), toIn), field(t('messages.since'), sinceIn),
  h('button', { type: 'submit' }, t('messages.filter')),
  h('button', { type: 'button', class: 'secondary', id: 'export', onclick: () => attempt(() => exportCsv(filters)) }, t('messages.export'))),
  list, more);
  await load();
}

async function message({ page, id }) {
  const m = await api('GET', '/messages/' + encodeURIComponent(id));
  page(t('messages.id') + ' ' + m.id,
    h('dl', {}, [[t('messages.to'), m.to], [t('messages.status'), status(m.status)], [t('messages.text'), m.text],
      [t('messages.parts'), m.parts + ' (' + m.encoding + ')'], [t('messages.credits'), m.credits], [t('messages.accepted'), date(m.acceptedAt)]]
      .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    table('history', [[t('messages.status'), s => status(s.status)], [t('invoices.date'), s => date(s.at)],
      [t('messages.detail'), s => s.detail || '']], m.history || []));
}

// ---- groups and contacts ---------------------------------------------------------------------

function importForm(onDone, fixedGroup) {
  const group = h('input', { name: 'group', required: true, maxlength: 100, value: fixedGroup || '' });
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.txt,text/csv', required: true });
  const report = h('div', { id: 'report' });
  return h('div', {}, h('h2', {}, t('groups.import')), h('form', { id: 'import', onsubmit: async ev => {
    ev.preventDefault();
    if (!file.files.length) return;
    let text;
    try {
      text = await api('POST', '/groups/' + encodeURIComponent(group.value.trim()) + '/import', await file.files[0].arrayBuffer(), 'text/csv');
    } catch (e) {
      text = e.text || e.message;
      say(e.message, true);
    }
    report.replaceChildren(h('h3', {}, t('groups.report')), h('pre', { class: 'report' }, text));
    if (onDone) onDone();
  } }, field(t('groups.importInto'), group), field(t('groups.file'), file), h('button', { type: 'submit' }, t('groups.import'))), report);
}

async function groups({ page, args }) {
  if (args.length) return group({ page, name: args[0] });
  const list = h('div', { id: 'group-list' });
  // After an import the list is read again, the report kept in view.
  const load = async () => {
    const r = await api('GET', '/groups');
    list.replaceChildren(table(t('groups.title'), [
      [t('groups.name'), g => h('a', { href: '#/groups/' + encodeURIComponent(g.name) }, g.name)],
      [t('groups.count'), g => String(g.contacts)]], r.groups));
  };
  await load();
  page(t('groups.title'), list, importForm(() => attempt(load)));
}

async function group({ page, name }) {
  const path = '/groups/' + encodeURIComponent(name);
  const number = h('input', { name: 'number', required: true, maxlength: 20 });
  const nm = h('input', { name: 'name', maxlength: 100 });
  const v = [1, 2, 3].map(i => h('input', { name: 'v' + i, maxlength: 160 }));
  const list = h('div', { id: 'contacts' });
  const load = async () => {
    let contacts = [];
    try {
      contacts = (await api('GET', path + '/contacts')).contacts;
    } catch (e) {
      if (e.status !== 404) throw e; // a group with no contact yet
    }
    list.replaceChildren(table(name, [[t('groups.number'), c => c.number], [t('groups.contact'), c => c.name || ''],
      ['v1', c => c.v1 || ''], ['v2', c => c.v2 || ''], ['v3', c => c.v3 || ''],
      ['', c => h('button', { type: 'button', class: 'secondary', 'aria-label': t('app.delete') + ' ' + c.number,
        onclick: async () => { if (await attempt(() => api('DELETE', path + '/contacts/' + encodeURIComponent(c.number))) !== undefined) load(); } },
      t('app.delete'))]], contacts));
  };
  await load();
  page(t('groups.name') + ' ' + name, list,
    h('h2', {}, t('groups.add')),
    h('form', { class: 'inline', id: 'contact', onsubmit: async ev => {
      ev.preventDefault();
      const body = { name: nm.value || null, v1: v[0].value || null, v2: v[1].value || null, v3: v[2].value || null };
      if (await attempt(() => api('PUT', path + '/contacts/' + encodeURIComponent(number.value.trim()), body)) !== undefined) {
        await attempt(load);
        say(t('app.saved'));
      }
    } }, field(t('groups.number'), number), field(t('groups.contact'), nm), v.map((i, k) => field('v' + (k + 1), i)),
    h('button', { type: 'submit' }, t('app.save'))),
    importForm(() => attempt(load), name));
}

// ---- blacklist, invoices, keys, account -----------------------------------------------------

async function blacklist({ page }) {
  const r = await api('GET', '/blacklist');
  const number = h('input', { name: 'number', required: true, maxlength: 20 });
  const reason = h('input', { name: 'reason', maxlength: 200 });
  const reload = () => blacklist({ page });
  page(t('blacklist.title'),
    table(t('blacklist.title'), [[t('groups.number'), b => b.number], [t('blacklist.reason'), b => b.reason || ''],
      [t('blacklist.since'), b => date(b.since)],
      ['', b => h('button', { type: 'button', class: 'secondary',
        onclick: async () => { if (await attempt(() => api('DELETE', '/blacklist/' + encodeURIComponent(b.number))) !== undefined) reload(); } },
      t('app.delete'))]], r.blacklist),
    h('h2', {}, t('blacklist.add')),
    h('form', { class: 'inline', onsubmit: async ev => {
      ev.preventDefault();
      const body = reason.value ? { reason: reason.value } : undefined;
      if (await attempt(() => api('PUT', '/blacklist/' + encodeURIComponent(number.value.trim()), body)) !== undefined) reload();
    } }, field(t('groups.number'), number), field(t('blacklist.reason'), reason), h('button', { type: 'submit' }, t('app.save'))));
}

async function invoices({ page }) {
  const r = await api('GET', '/invoices');
  page(t('invoices.title'), table(t('invoices.title'), [[t('invoices.number'), i => i.number], [t('invoices.date'), i => date(i.issuedAt)],
    [t('invoices.credits'), i => String(i.credits)], [t('invoices.total'), i => i.amountInclTax + ' €'],
    ['', i => h('a', { href: '/api/v1/invoices/' + encodeURIComponent(i.number) + '.pdf', download: i.number + '.pdf',
      class: 'download' }, t('invoices.download'))]], r.invoices));
}

async function keys({ page }) {
  const r = await api('GET', '/account/keys');
  const reload = () => keys({ page });
  const shown = h('div', { id: 'newkey' });
  page(t('keys.title'),
    table(t('keys.title'), [[t('keys.shown'), k => k.shown], [t('keys.created'), k => date(k.createdAt)],
      ['', k => k.revokedAt ? t('keys.revoked') + ' ' + date(k.revokedAt) : h('button', { type: 'button', class: 'secondary',
        onclick: async () => { if (await attempt(() => api('DELETE', '/account/keys/' + k.id)) !== undefined) reload(); } }, t('keys.revoke'))]],
    r.keys),
    h('button', { type: 'button', onclick: async () => {
      const k = await attempt(() => api('POST', '/account/keys'));
      if (k) shown.replaceChildren(h('p', {}, t('keys.new')), h('p', { class: 'newkey' }, k.key));
    } }, t('keys.create')), shown);
}

async function account({ page }) {
  const current = h('input', { type: 'password', name: 'current', required: true, autocomplete: 'current-password', maxlength: 200 });
  const next = h('input', { type: 'password', name: 'password', required: true, autocomplete: 'new-password', minlength: 10, maxlength: 64 });
  page(t('account.title'), h('p', {}, state.session.email), h('h2', {}, t('account.password')),
    h('form', { id: 'password', onsubmit: async ev => {
      ev.preventDefault();
      if (await attempt(() => api('PUT', '/account/password', { current: current.value, password: next.value })) !== undefined) {
        current.value = '';
        next.value = '';
        say(t('account.changed'));
      }
    } }, field(t('account.current'), current), field(t('account.new'), next, t('password.rule')),
    h('button', { type: 'submit' }, t('app.save'))));
}


// ---- campaigns -------------------------------------------------------------------------------

function progress(c) {
  const done = c.delivered + c.failed + c.cancelled;
  return h('span', {}, h('progress', { max: String(Math.max(1, c.total)), value: String(done), 'aria-label': c.label }), ' ',
    `${c.queued} ${t('camp.queued')}, ${c.sent} ${t('camp.sent')}, ${c.delivered} ${t('camp.delivered')}, ${c.failed} ${t('camp.failed')} / ${c.total}`);
}

function rate(c) {
  return c.deliveryRate === null || c.deliveryRate === undefined ? '–' : Math.round(c.deliveryRate * 1000) / 10 + ' %';
}

async function campaigns({ page, args }) {
  if (args.length) return campaign({ page, id: args[0] });
  const r = await api('GET', '/campaigns?limit=100');
  page(t('camp.title'), table(t('camp.title'), [
    [t('camp.label'), c => h('a', { href: '#/campaigns/' + c.id }, c.label)], [t('camp.source'), c => t('camp.' + c.source)],
    [t('messages.accepted'), c => date(c.createdAt)], [t('camp.total'), progress], [t('camp.rate'), rate]], r.campaigns));
}

/** One campaign, read again every 2 s while its page is shown and some of it is still on its way. */
async function campaign({ page, id }) {
  const here = location.hash;
  const figures = h('div', { id: 'campaign', 'aria-live': 'polite' });
  const show = c => figures.replaceChildren(
    h('div', { class: 'cards' }, [['camp.total', c.total], ['camp.queued', c.queued], ['camp.sent', c.sent], ['camp.delivered', c.delivered],
      ['camp.failed', c.failed]].map(([k, v]) => h('div', { class: 'card' }, t(k), h('b', { id: 'camp-' + k.slice(5) }, String(v))))),
    h('p', {}, progress(c)), h('p', {}, t('camp.rate') + ' : ', h('b', { id: 'camp-rate' }, rate(c))));
  const first = await api('GET', '/campaigns/' + encodeURIComponent(id));
  page(first.label + ' (' + t('camp.' + first.source) + ')', h('p', {}, date(first.createdAt), ' · ', t('camp.live')), figures,
    h('p', {}, h('a', { href: '#/messages' }, t('nav.messages'))));
  show(first);
  let c = first;
  while (c.queued + c.sent > 0) {
    await new Promise(resolve => setTimeout(resolve, 2000));
    if (location.hash !== here) return;
    try {
      c = await api('GET', '/campaigns/' + encodeURIComponent(id));
    } catch (e) {
      return;
    }
    if (location.hash !== here) return;
    show(c);
  }
}

export const customerPages = { dashboard, send, messages, campaigns, groups, blacklist, invoices, keys, account };
