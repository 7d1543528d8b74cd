// The account's sub-accounts (ACC-4): made (their password mailed to them), credit moved both
// ways, their consumption by month, their rights (options within the parent's). Through /api/v1.
import { api, h, field, table, say, attempt, date } from './app.js';
import { t } from './i18n.js';

async function subaccounts({ page, args }) {
  if (args.length) return subaccount({ page, id: args[0] });
  const r = await api('GET', '/subaccounts');
  const email = h('input', { type: 'email', name: 'email', required: true, maxlength: 254 });
  const name = h('input', { name: 'name', required: true, maxlength: 100 });
  const kind = h('select', { name: 'kind' }, ['customer', 'supplier', 'employee'].map(k => h('option', { value: k }, t('sub.' + k))));
  page(t('sub.title'),
    table(t('sub.title'), [[t('sub.name'), s => h('a', { href: '#/subaccounts/' + s.id }, s.name)], [t('op.email'), s => s.email],
      [t('sub.kind'), s => t('sub.' + s.kind)], [t('dash.balance'), s => String(s.balance)], [t('keys.created'), s => date(s.createdAt)]],
    r.subaccounts),
    h('h2', {}, t('sub.create')),
    h('form', { class: 'inline', id: 'subaccount', onsubmit: async ev => {
      ev.preventDefault();
      const made = await attempt(() => api('POST', '/subaccounts', { email: email.value, name: name.value, kind: kind.value }));
      if (made) { await subaccounts({ page, args: [] }); say(t('op.created', made.email)); }
    } }, field(t('op.email'), email), field(t('sub.name'), name), field(t('sub.kind'), kind), h('button', { type: 'submit' }, t('sub.create'))));
}

async function subaccount({ page, id }) {
  const path = '/subaccounts/' + encodeURIComponent(id);
  const [s, months, opts] = await Promise.all([api('GET', path), api('GET', path + '/consumption'), api('GET', path + '/options')]);
  const credits = h('input', { type: 'number', name: 'credits', required: true });
  const channels = h('input', { name: 'channels', value: opts.options.channels ?? '', maxlength: 100 });
  const reload = () => subaccount({ page, id });
  page(s.name + ' (' + s.email + ')',
    h('p', {}, t('dash.balance') + ' : ', h('b', { id: 'sub-balance' }, String(s.balance))),
    h('h2', {}, t('sub.move')),
    h('form', { class: 'inline', id: 'transfer', onsubmit: async ev => {
      ev.preventDefault();
      const moved = await attempt(() => api('POST', path + '/transfers', { credits: Number(credits.value) }));
      if (moved) { await reload(); say(t('sub.moved', moved.balance, moved.subaccountBalance)); }
    } }, field(t('op.credits'), credits, t('sub.moveHelp')), h('button', { type: 'submit' }, t('sub.move'))),
    h('h2', {}, t('sub.consumption')),
    table(t('sub.consumption'), [[t('sub.month'), m => m.month], [t('nav.messages'), m => String(m.messages)],
      [t('op.credits'), m => String(m.credits)]], months.months),
    h('h2', {}, t('sub.rights')),
    h('form', { class: 'inline', id: 'rights', onsubmit: async ev => {
      ev.preventDefault();
      if (await attempt(() => api('PATCH', path + '/options', { channels: channels.value })) !== undefined) say(t('app.saved'));
    } }, field('channels', channels, t('opt.channels')), h('button', { type: 'submit' }, t('app.save'))));
}

export const subaccountPages = { subaccounts };
