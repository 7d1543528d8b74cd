// The operator's pages (a session opened with an operator's API key): accounts opened, found,
// disabled and topped up with their invoice; CONTACT answers approved; connectors watched. All
// through /api/v1/admin.
import { api, h, field, table, say, attempt, date } from './app.js';
import { t } from './i18n.js';

async function accounts({ page }) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const q = params.get('q') || '';
  const r = await api('GET', '/admin/accounts?limit=100' + (q ? '&q=' + encodeURIComponent(q) : ''));
  const search = h('input', { type: 'search', name: 'q', value: q, maxlength: 254 });
  const email = h('input', { type: 'email', name: 'email', required: true, maxlength: 254 });
  const reload = () => accounts({ page });
  const topUp = h('div', { id: 'topup' });
  const action = (a, path, label) => h('button', { type: 'button', class: 'secondary', onclick: async () => {
    if (await attempt(() => api('POST', '/admin/accounts/' + a.id + path)) !== undefined) reload();
  } }, label);
  const topUpForm = a => {
    const credits = h('input', { type: 'number', name: 'credits', min: 1, required: true });
    const amount = h('input', { type: 'number', name: 'amount', min: 0, step: '0.01', required: true });
    const method = h('select', { name: 'method' }, ['transfer', 'card', 'cheque', 'direct-debit'].map(m => h('option', { value: m }, m)));
    topUp.replaceChildren(h('h2', {}, t('op.topUp') + ' ' + a.email), h('form', { id: 'topup-form', onsubmit: async ev => {
      ev.preventDefault();
      const done = await attempt(() => api('POST', '/admin/accounts/' + a.id + '/top-ups',
        { credits: Number(credits.value), amount: Number(amount.value), method: method.value }));
      if (done) {
        await reload();
        say(t('op.invoiced', done.invoice.number, done.balance));
      }
    } }, field(t('op.credits'), credits), field(t('op.amount'), amount), field(t('op.method'), method),
    h('button', { type: 'submit' }, t('op.topUp'))));
    credits.focus();
  };
  page(t('op.accounts'),
    h('form', { class: 'inline', role: 'search', onsubmit: ev => { ev.preventDefault(); location.hash = '#/op/accounts?q=' + encodeURIComponent(search.value); } },
      field(t('op.search'), search), h('button', { type: 'submit' }, t('messages.filter'))),
    table(t('op.accounts'), [['id', a => String(a.id)], [t('op.email'), a => a.email], [t('op.balance'), a => String(a.balance)],
      [t('op.disabled'), a => a.disabled ? t('app.yes') : t('app.no')],
      ['', a => h('span', {}, action(a, a.disabled ? '/enable' : '/disable', a.disabled ? t('op.enable') : t('op.disable')), ' ',
        h('button', { type: 'button', class: 'secondary', onclick: () => topUpForm(a) }, t('op.topUp')))]], r.accounts),
    topUp,
    h('h2', {}, t('op.create')),
    h('form', { class: 'inline', id: 'create-account', onsubmit: async ev => {
      ev.preventDefault();
      const made = await attempt(() => api('POST', '/admin/accounts', { email: email.value }));
      if (made) {
        await reload();
        say(t('op.created', made.email));
      }
    } }, field(t('op.email'), email), h('button', { type: 'submit' }, t('op.create'))));
}

async function contactTexts({ page }) {
  const r = await api('GET', '/admin/contact-texts');
  page(t('op.contactTexts'), table(t('op.contactTexts'), [[t('op.email'), c => c.email], [t('op.pending'), c => c.pending],
    [t('op.approved'), c => c.approved || ''], [t('invoices.date'), c => date(c.proposedAt)],
    ['', c => h('button', { type: 'button', onclick: async () => {
      if (await attempt(() => api('POST', '/admin/accounts/' + c.accountId + '/contact-text')) !== undefined) {
        await contactTexts({ page });
        say(t('app.saved'));
      }
    } }, t('op.approve'))]], r.texts));
}

async function connectors({ page }) {
  const r = await api('GET', '/admin/connectors');
  page(t('op.connectors'), table(t('op.connectors'), [[t('op.connector'), c => c.name], ['SMSC', c => c.host + ':' + c.port],
    [t('op.bound'), c => c.receiverBound === null || c.receiverBound === undefined ? '?' : c.receiverBound ? t('app.yes') : t('app.no')],
    [t('op.route'), c => c.submitRoute], [t('op.receipts'), c => c.receiptRoute], [t('op.window'), c => String(c.window)],
    [t('op.rate'), c => String(c.rate)], [t('op.waiting'), c => String(c.queued + c.scheduled)],
    [t('op.lastError'), c => c.lastError ? c.lastError + ' (' + date(c.lastErrorAt) + ')' : '']], r.connectors));
}


async function search({ page }) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const filters = { account: params.get('account') || '', to: params.get('to') || '', status: params.get('status') || '' };
  const account = h('input', { name: 'account', value: filters.account, inputmode: 'numeric', maxlength: 19 });
  const to = h('input', { name: 'to', value: filters.to, maxlength: 20 });
  const status = h('select', { name: 'status' }, h('option', { value: '' }, t('messages.all')),
    ['SCHEDULED', 'ACCEPTED', 'SUBMITTING', 'SUBMITTED', 'DELIVERED', 'UNDELIVERABLE', 'FAILED', 'CANCELLED']
      .map(x => h('option', { value: x, selected: x === filters.status }, x)));
  const q = new URLSearchParams({ limit: '100' });
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  const r = await api('GET', '/admin/messages?' + q);
  page(t('op.searchTitle'),
    h('form', { class: 'inline', role: 'search', onsubmit: ev => {
      ev.preventDefault();
      const next = new URLSearchParams();
      if (account.value) next.set('account', account.value.trim());
      if (to.value) next.set('to', to.value.trim());
      if (status.value) next.set('status', status.value);
      location.hash = '#/op/messages?' + next;
    } }, field(t('op.account'), account), field(t('messages.to'), to), field(t('messages.status'), status),
    h('button', { type: 'submit' }, t('messages.filter'))),
    table(t('op.searchTitle'), [[t('messages.id'), m => String(m.id)], [t('op.account'), m => String(m.account)], [t('messages.to'), m => m.to],
      [t('messages.status'), m => h('span', { class: 'status-' + m.status }, m.status)], [t('messages.text'), m => m.text],
      [t('messages.accepted'), m => date(m.acceptedAt)], ['', m => m.reason || '']], r.messages));
}

async function deadLetters({ page }) {
  const r = await api('GET', '/admin/dead-letters');
  const reload = () => deadLetters({ page });
  const act = (label, method, path, done) => h('button', { type: 'button', class: 'secondary', onclick: async () => {
    const answer = await attempt(() => api(method, path));
    if (answer !== undefined) { await reload(); say(done(answer)); }
  } }, label);
  page(t('op.deadLetters'),
    table(t('op.deadLetters'), [[t('op.queue'), q => q.queue], [t('op.count'), q => String(q.count)], [t('op.oldest'), q => date(q.oldest)]], r.queues),
    r.letters.length ? act(t('op.retryAll'), 'POST', '/admin/dead-letters/retry', a => t('op.moved', a.moved)) : null,
    table(t('op.deadLetters'), [[t('op.queue'), l => l.queue], [t('invoices.date'), l => date(l.sentAt)], [t('op.preview'), l => l.preview],
      ['', l => h('span', {}, act(t('op.retry'), 'POST', '/admin/dead-letters/' + encodeURIComponent(l.id) + '/retry', a => t('op.moved', a.moved)), ' ',
        act(t('op.discard'), 'DELETE', '/admin/dead-letters/' + encodeURIComponent(l.id), () => t('op.discarded')))]], r.letters));
}

export const operatorPages = { 'op/accounts': accounts, 'op/contact-texts': contactTexts, 'op/connectors': connectors, 'op/messages': search,
  'op/dead-letters': deadLetters };
