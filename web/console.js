// console.js: the clerk's console. Plain JavaScript, no build step; it reads only what the
// public API answers to the token given (the service decides what that token may see).
'use strict';

const params = new URLSearchParams(location.search);
const api = (params.get('api') || '').replace(/\/$/, '');   // '' = the origin serving this page
const state = { token: '', filter: 'week', feedAfter: '0', feedETag: null, feedTimer: null };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}

function say(text) { document.getElementById('message').textContent = text || ''; }

// One call of the API: JSON back, or an Error carrying the problem's title and detail.
async function call(path, headers) {
  const res = await fetch(api + path, {
    headers: Object.assign({ Authorization: 'Bearer ' + state.token }, headers || {}),
  });
  if (res.status === 304) return { notModified: true, res };
  const body = res.headers.get('Content-Type')?.includes('json') ? await res.json() : null;
  if (!res.ok) {
    const why = body && (body.detail || body.title) || res.statusText;
    throw new Error(res.status + ' ' + why);
  }
  return { body, res };
}

function isoDay(d) { return d.toISOString().slice(0, 10); }

async function loadDeadlines() {
  const q = new URLSearchParams({ limit: '100' });
  const today = new Date();
  if (state.filter === 'week') {
    q.set('status', 'pending');
    q.set('due_before', isoDay(new Date(today.getTime() + 7 * 86400000)));
  } else if (state.filter === 'overdue') {
    q.set('status', 'overdue');
  } else if (state.filter === 'provisional') {
    q.set('provisional', 'true');
  } else {
    q.set('status', 'pending');
  }
  const tbody = document.querySelector('#deadlines tbody');
  tbody.replaceChildren();
  const { body } = await call('/v1/deadlines?' + q);
  for (const d of body.items) {
    const due = d.due ? d.due + (d.provisional ? ' (provisional: ' + d.missing_year + ')' : '') : '—';
    const open = el('a', { href: '#', 'data-case': d.case_id }, d.case_number || d.case_id);
    open.addEventListener('click', (ev) => { ev.preventDefault(); openCase(d.case_id); });
    tbody.append(el('tr', { class: d.provisional ? 'provisional' : d.status },
      el('td', {}, due), el('td', {}, d.rule_id), el('td', {}, open), el('td', {}, d.status)));
  }
  if (body.items.length === 0) tbody.append(el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'nothing here')));
}

// The case and its timeline: acts, deadlines and restrictions in date order, and the audit
// trail for the roles that read it.
async function openCase(id) {
  document.getElementById('case-id').value = id;
  const box = document.getElementById('case');
  box.replaceChildren(el('p', { class: 'muted' }, 'loading…'));
  const base = '/v1/applications/' + encodeURIComponent(id);
  const [app, acts, deadlines, restrictions] = await Promise.all([
    call(base), call(base + '/acts'), call(base + '/deadlines'), call(base + '/restrictions')]);
  const a = app.body;
  const rows = [];
  for (const act of acts.body.items) rows.push([act.date, 'act', act.kind, act.recorded_by ? act.recorded_by.role : '']);
  for (const d of deadlines.body.items)
    rows.push([d.due || '', 'deadline', d.rule_id + (d.provisional ? ' (provisional)' : ''), d.status]);
  for (const r of restrictions.body.items) rows.push([r.effective_from || '', 'restriction', r.kind, r.status]);
  rows.sort((x, y) => String(x[0]).localeCompare(String(y[0])));
  const table = el('table', { id: 'timeline' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Date'), el('th', {}, 'What'), el('th', {}, 'Which'), el('th', {}, 'State'))));
  const tb = el('tbody');
  for (const r of rows) tb.append(el('tr', {}, ...r.map((v) => el('td', {}, v))));
  table.append(tb);
  box.replaceChildren(
    el('p', {}, el('strong', { id: 'case-number' }, a.case_number || '(not accepted)'), ' — ',
       a.procedure, ', ', a.status, ', received ', a.received_on),
    table);
  try {
    const audit = await call(base + '/audit?limit=20');
    const list = el('ul', { id: 'audit' });
    for (const e of audit.body.items) list.append(el('li', {}, e.at + ' ' + e.role + ' ' + e.action));
    box.append(el('h3', {}, 'Audit'), list);
  } catch (e) { /* only the court and the department read the trail */ }
}

// The feed, polled the way a unit polls it: resume after the last position, send the ETag
// of a page that was not full, and take a 304 as "nothing new".
async function pollFeed() {
  const state_ = document.getElementById('feed-state');
  try {
    const headers = state.feedETag ? { 'If-None-Match': state.feedETag } : {};
    const r = await call('/v1/restrictions/changes?limit=50&after=' + state.feedAfter, headers);
    if (r.notModified) { state_.textContent = 'up to date at ' + state.feedAfter; return; }
    const tbody = document.querySelector('#feed tbody');
    for (const c of r.body.items)
      tbody.prepend(el('tr', {}, el('td', {}, c.cursor), el('td', {}, c.change),
        el('td', {}, (c.debtor && c.debtor.name) || ''), el('td', {}, c.case_number || ''), el('td', {}, (c.rule && c.rule.id) || '')));
    state.feedAfter = r.body.next_cursor || state.feedAfter;
    state.feedETag = r.body.items.length < 50 ? r.res.headers.get('ETag') : null;
    state_.textContent = 'polling; next after ' + state.feedAfter;
  } catch (e) {
    state_.textContent = 'the feed is not open to this token (' + e.message + ')';
    clearInterval(state.feedTimer);
  }
}

async function useToken() {
  state.token = document.getElementById('token').value.trim();
  sessionStorage.setItem('bankruptcyd.token', state.token);
  try {
    const claims = JSON.parse(atob(state.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    document.getElementById('who').textContent = claims.role + ' ' + claims.sub;
  } catch (e) { document.getElementById('who').textContent = ''; }
  say('');
  try { await loadDeadlines(); } catch (e) { say('deadlines: ' + e.message); }
  clearInterval(state.feedTimer);
  state.feedTimer = setInterval(pollFeed, 5000);
  pollFeed();
  const caseId = params.get('case');
  if (caseId) openCase(caseId).catch((e) => say('case: ' + e.message));
}

document.getElementById('use-token').addEventListener('click', useToken);
document.getElementById('open-case').addEventListener('click', () =>
  openCase(document.getElementById('case-id').value.trim()).catch((e) => say('case: ' + e.message)));
for (const b of document.querySelectorAll('nav button'))
  b.addEventListener('click', () => {
    document.querySelectorAll('nav button').forEach((x) => x.classList.remove('active'));
    b.classList.add('active');
    state.filter = b.dataset.filter;
    loadDeadlines().catch((e) => say('deadlines: ' + e.message));
  });

// A token given in the fragment (#token=...) is used at once (it never reaches a server).
const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
const saved = fromFragment || sessionStorage.getItem('bankruptcyd.token');
if (saved) { document.getElementById('token').value = saved; useToken(); }
