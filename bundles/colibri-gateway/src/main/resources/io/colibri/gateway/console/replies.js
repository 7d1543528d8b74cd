// What comes back and what the account sets around it: the replies inbox, the reply rules, the
// CONTACT answer (approved by an operator), the callback and the options. Through /api/v1.
import { api, h, field, table, say, attempt, date } from './app.js';
import { t } from './i18n.js';

async function replies({ page }) {
  const r = await api('GET', '/replies?limit=100');
  page(t('replies.title'), table(t('replies.title'), [[t('replies.from'), x => x.from], [t('messages.text'), x => x.text],
    [t('replies.kind'), x => x.kind], [t('replies.message'), x => x.messageId ? h('a', { href: '#/messages/' + x.messageId }, String(x.messageId)) : ''],
    [t('replies.at'), x => date(x.receivedAt)]], r.replies));
}

async function rules({ page }) {
  const r = await api('GET', '/reply-rules');
  const match = h('select', { name: 'match' }, ['keyword', 'starts', 'contains', 'regex'].map(m => h('option', { value: m }, t('rules.' + m))));
  const pattern = h('input', { name: 'pattern', required: true, maxlength: 200 });
  const answer = h('input', { name: 'answer', maxlength: 640 });
  const group = h('input', { name: 'group', maxlength: 100 });
  const reload = () => rules({ page });
  const ct = await api('GET', '/contact-text');
  const contact = h('textarea', { name: 'contact', rows: 3, maxlength: 1000 }, ct.pending || ct.approved || '');
  const callback = await api('GET', '/callback').catch(() => null);
  const url = h('input', { type: 'url', name: 'url', maxlength: 2000, value: callback && callback.url ? callback.url : '' });
  page(t('rules.title'),
    table(t('rules.title'), [['#', x => String(x.position)], [t('rules.match'), x => t('rules.' + x.match)], [t('rules.pattern'), x => x.pattern],
      [t('rules.answer'), x => x.answer || ''], [t('rules.group'), x => x.group || ''],
      ['', x => h('button', { type: 'button', class: 'secondary', onclick: async () => {
        if (await attempt(() => api('DELETE', '/reply-rules/' + x.id)) !== undefined) reload();
      } }, t('app.delete'))]], r.rules),
    h('h2', {}, t('rules.add')),
    h('form', { class: 'inline', id: 'rule', onsubmit: async ev => {
      ev.preventDefault();
      const body = { match: match.value, pattern: pattern.value, answer: answer.value || null, group: group.value || null };
      if (await attempt(() => api('POST', '/reply-rules', body)) !== undefined) reload();
    } }, field(t('rules.match'), match), field(t('rules.pattern'), pattern), field(t('rules.answer'), answer), field(t('rules.group'), group),
    h('button', { type: 'submit' }, t('app.save'))),
    h('h2', {}, t('contact.title')),
    h('p', {}, ct.approved ? t('contact.approved', ct.approved) : t('contact.none')),
    ct.pending ? h('p', { id: 'contact-pending' }, t('contact.pending', ct.pending)) : null,
    h('form', { id: 'contact-text', onsubmit: async ev => {
      ev.preventDefault();
      if (await attempt(() => api('PUT', '/contact-text', { text: contact.value })) !== undefined) { say(t('contact.sent')); reload(); }
    } }, field(t('contact.text'), contact, t('contact.help')), h('button', { type: 'submit' }, t('contact.propose'))),
    h('h2', {}, t('callback.title')),
    callback && callback.secret ? h('p', {}, t('callback.secret'), ' ', h('code', {}, callback.secret)) : null,
    h('form', { class: 'inline', id: 'callback', onsubmit: async ev => {
      ev.preventDefault();
      const done = await attempt(() => url.value ? api('PUT', '/callback', { url: url.value }) : api('DELETE', '/callback'));
      if (done !== undefined) { say(t('app.saved')); reload(); }
    } }, field(t('callback.url'), url, t('callback.help')), h('button', { type: 'submit' }, t('app.save'))));
}

async function options({ page }) {
  const r = await api('GET', '/account/options');
  const inputs = Object.entries(r.options).map(([key, value]) => [key, value, h('input', { name: key, value: value ?? '', maxlength: 2000 })]);
  page(t('options.title'), h('form', { id: 'options', onsubmit: async ev => {
    ev.preventDefault();
    const changed = {};
    for (const [key, value, input] of inputs) if (input.value !== (value ?? '')) changed[key] = input.value;
    if (!Object.keys(changed).length) return;
    if (await attempt(() => api('PATCH', '/account/options', changed)) !== undefined) {
      say(t('app.saved'));
      options({ page });
    }
  } }, inputs.map(([key, , input]) => field(key, input, t('opt.' + key))), h('button', { type: 'submit' }, t('app.save'))));
}

export const replyPages = { replies, rules, options };
