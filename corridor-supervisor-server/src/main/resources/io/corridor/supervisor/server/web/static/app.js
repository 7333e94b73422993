// corridor-supervisor web page: keeps the server-rendered process table up to date from the public REST API
// (docs/api.md) and sends the buttons' actions through it. Without this script the page still works: the table
// is rendered by the server and every button is a plain form POST.
'use strict';
(() => {
  const POLL_MS = 500;          // a change made elsewhere (corridorctl) shows within about half a second
  const HIDDEN_POLL_MS = 5000;  // a background tab asks less often
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const table = document.getElementById('processes');
  const flash = document.getElementById('flash');
  const live = document.getElementById('live');
  const counts = document.getElementById('counts');
  const nameFilter = document.getElementById('filter-name');
  const stateFilter = document.getElementById('filter-state');
  document.documentElement.classList.add('js');

  // A message carried by the no-script redirect is shown once: drop it from the address bar.
  const url = new URL(location.href);
  if (url.searchParams.has('msg') || url.searchParams.has('action')) {
    ['msg', 'ok', 'sig', 'action', 'processname'].forEach(k => url.searchParams.delete(k));
    history.replaceState(null, '', url.pathname + url.search);
  }

  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('data-')) e.dataset[k.slice(5)] = v;
      else e.setAttribute(k, v);
    }
    e.append(...children);
    return e;
  };
  const hidden = (name, value) => el('input', { type: 'hidden', name, value });
  const button = (action, label) => el('button', { type: 'submit', name: 'action', value: action, class: `btn btn-${action}` }, label);
  // absolute from the origin: a page opened as http://user:pass@host/ could not fetch relative URLs
  const api = (path) => new URL(path, location.origin);
  const tailHref = (ns, channel) => `/tail?name=${encodeURIComponent(ns)}` + (channel ? `&channel=${channel}` : '');

  const uptime = (s) => {
    s = Math.max(0, s);
    const d = Math.floor(s / 86400), r = s % 86400;
    const hms = `${Math.floor(r / 3600)}:${String(Math.floor(r % 3600 / 60)).padStart(2, '0')}:${String(r % 60).padStart(2, '0')}`;
    return d === 0 ? hms : `${d} ${d === 1 ? 'day' : 'days'}, ${hms}`;
  };
  const isStopped = (st) => ['STOPPED', 'EXITED', 'FATAL', 'UNKNOWN'].includes(st);
  const isRunning = (st) => ['RUNNING', 'BACKOFF', 'STARTING'].includes(st);

  // ------------------------------------------------------------------ rendering (same markup as IndexPage.java)

  function buildRow(p) {
    const tr = el('tr', { class: 'proc', 'data-namespec': p.namespec, 'data-state': p.state },
      el('td', { class: 'c-state' }, el('span', { class: 'state' })),
      el('td', { class: 'c-name' }, el('a', { href: tailHref(p.namespec) }, p.name)),
      el('td', { class: 'c-group' }, p.group),
      el('td', { class: 'c-desc' }),
      el('td', { class: 'c-uptime' }),
      el('td', { class: 'c-pid' }),
      el('td', { class: 'c-actions' }, el('form', { method: 'post', action: '/', class: 'actions' },
        hidden('csrf', token), hidden('name', p.namespec),
        button('start', 'Start'), button('stop', 'Stop'), button('restart', 'Restart'), button('clear', 'Clear log'),
        el('a', { class: 'tail-link', href: tailHref(p.namespec) }, 'Tail'),
        el('a', { class: 'tail-link', href: tailHref(p.namespec, 'stderr') }, 'stderr'))));
    updateRow(tr, p);
    return tr;
  }

  function updateRow(tr, p) {
    tr.dataset.state = p.state;
    const pill = tr.querySelector('.state');
    if (pill.textContent !== p.state) {
      pill.textContent = p.state;
      pill.className = `state state-${p.state}`;
    }
    setText(tr.querySelector('.c-desc'), p.description);
    setText(tr.querySelector('.c-uptime'), p.state === 'RUNNING' && p.start > 0 ? uptime(p.now - p.start) : '');
    setText(tr.querySelector('.c-pid'), p.pid > 0 ? String(p.pid) : '');
    tr.querySelector('.btn-start').disabled = !isStopped(p.state);
    tr.querySelector('.btn-stop').disabled = !isRunning(p.state);
    tr.querySelector('.btn-restart').disabled = p.state === 'STOPPING';
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function buildGroups(processes) {
    const groups = new Map();
    for (const p of processes) {
      if (!groups.has(p.group)) groups.set(p.group, []);
      groups.get(p.group).push(p);
    }
    table.querySelectorAll('tbody').forEach(tb => tb.remove());
    if (processes.length === 0) {
      table.append(el('tbody', {}, el('tr', { class: 'empty' }, el('td', { colspan: '7' }, 'No programs are configured.'))));
    }
    for (const [group, members] of groups) {
      const tb = el('tbody', { 'data-group': group });
      if (members.length > 1 || members[0].name !== group) {
        tb.append(el('tr', { class: 'group-row' }, el('th', { colspan: '7' }, el('form', { method: 'post', action: '/', class: 'actions' },
          hidden('csrf', token), hidden('group', group),
          el('span', { class: 'group-name' }, group),
          el('span', { class: 'group-size' }, `${members.length} ${members.length === 1 ? 'process' : 'processes'}`),
          button('start', 'Start group'), button('stop', 'Stop group'), button('restart', 'Restart group')))));
      }
      members.forEach(p => tb.append(buildRow(p)));
      table.append(tb);
    }
  }

  let shape = null;   // the namespecs in table order: the rows are rebuilt only when it changes

  function render(processes, supervisor) {
    const newShape = processes.map(p => p.namespec).join('\n');
    const rows = new Map([...table.querySelectorAll('tr.proc')].map(tr => [tr.dataset.namespec, tr]));
    if (shape === null) shape = [...rows.keys()].join('\n');   // the server rendered this much
    if (newShape !== shape) {
      buildGroups(processes);
      shape = newShape;
    } else {
      processes.forEach(p => updateRow(rows.get(p.namespec), p));
    }
    applyFilters(processes);
    setText(document.getElementById('sup-state'), supervisor.state);
    document.getElementById('sup-state').className = `sup sup-${supervisor.state}`;
    setText(document.getElementById('sup-version'), supervisor.version);
    setText(document.getElementById('sup-pid'), String(supervisor.pid));
    setText(document.getElementById('ident'), supervisor.identification);
  }

  // ------------------------------------------------------------------ filters (also a plain GET form without script)

  let last = [];

  function applyFilters(processes = last) {
    last = processes;
    const name = nameFilter.value.trim().toLowerCase();
    const state = stateFilter.value;
    let shown = 0;
    table.querySelectorAll('tr.proc').forEach(tr => {
      const ok = (!name || tr.dataset.namespec.toLowerCase().includes(name)) && (!state || tr.dataset.state === state);
      tr.classList.toggle('hidden', !ok);
      if (ok) shown++;
    });
    // a group header stays while one of its processes is shown
    table.querySelectorAll('tbody').forEach(tb => {
      const gr = tb.querySelector('tr.group-row');
      if (gr) gr.classList.toggle('hidden', !tb.querySelector('tr.proc:not(.hidden)'));
    });
    const total = table.querySelectorAll('tr.proc').length;
    const running = table.querySelectorAll('tr.proc[data-state="RUNNING"]').length;
    setText(counts, `${shown === total ? `${total} processes` : `${shown} of ${total} processes`}, ${running} running`);
  }

  function filtersChanged() {
    applyFilters();
    const u = new URL(location.href);
    for (const [k, v] of [['name', nameFilter.value.trim()], ['state', stateFilter.value]]) {
      if (v) u.searchParams.set(k, v); else u.searchParams.delete(k);
    }
    history.replaceState(null, '', u.pathname + u.search);
  }
  nameFilter.addEventListener('input', filtersChanged);
  stateFilter.addEventListener('change', filtersChanged);
  document.getElementById('filter-apply').classList.add('nojs-only');
  document.getElementById('filters').addEventListener('submit', e => { e.preventDefault(); filtersChanged(); });

  // ------------------------------------------------------------------ actions through the REST API

  function showFlash(ok, message) {
    flash.textContent = message;
    flash.className = `flash ${ok ? 'ok' : 'error'}`;
  }

  const PAST = { start: 'started', stop: 'stopped', restart: 'restarted', clear: 'logs cleared' };

  document.addEventListener('submit', async e => {
    const form = e.target;
    if (form.getAttribute('method') !== 'post') return;
    e.preventDefault();
    const action = e.submitter && e.submitter.value;
    if (!action) return;
    const data = new FormData(form);
    const name = data.get('name'), group = data.get('group');
    const target = name ? name : group ? `group ${group}` : 'all processes';
    const path = name ? `/api/v1/processes/${encodeURIComponent(name)}/${action}`
      : group ? `/api/v1/groups/${encodeURIComponent(group)}/${action}`
        : `/api/v1/supervisor/${action}-all`;
    form.classList.add('busy');
    try {
      const r = await fetch(api(path + '?pretty=false'), { method: 'POST', headers: { 'X-CSRF-Token': token }, credentials: 'same-origin' });
      const body = await r.json().catch(() => null);
      if (r.status === 403) {
        showFlash(false, `${target}: refused (403). The server was restarted since this page was loaded: reload it.`);
      } else if (!r.ok) {
        showFlash(false, body && body.message ? body.message : `${target}: ${r.status} ${r.statusText}`);
      } else if (Array.isArray(body)) {
        const failed = body.filter(x => x.status !== 'SUCCESS');
        showFlash(failed.length === 0, failed.length === 0 ? `${target}: ${PAST[action]} (${body.length})`
          : `${target}: ` + failed.map(x => `${x.namespec} ${x.status}`).join('; '));
      } else {
        showFlash(true, `${target}: ${PAST[action]}`);
      }
    } catch (err) {
      showFlash(false, `${target}: the server did not answer (${err.message})`);
    } finally {
      form.classList.remove('busy');
      poll.now();
    }
  });

  // ------------------------------------------------------------------ polling

  // only what the table shows, as arrays: about a fifth of the full answer (75 KB at 200 processes)
  const FIELDS = ['namespec', 'name', 'group', 'state', 'description', 'pid', 'start', 'now'];
  const poll = (() => {
    let timer = null;
    let running = false;
    async function tick() {
      if (running) return;
      running = true;
      clearTimeout(timer);
      try {
        const [rows, supervisor] = await Promise.all([
          getJson(`/api/v1/processes?pretty=false&rows=true&fields=${FIELDS.join(',')}`),
          getJson('/api/v1/supervisor?pretty=false')]);
        render(rows.map(r => Object.fromEntries(FIELDS.map((f, i) => [f, r[i]]))), supervisor);
        live.className = 'live on';
        live.textContent = 'live';
        live.title = 'updated ' + new Date().toLocaleTimeString();
      } catch (err) {
        live.className = 'live error';
        live.textContent = 'not connected';
        live.title = String(err.message);
      } finally {
        running = false;
        timer = setTimeout(tick, document.hidden ? HIDDEN_POLL_MS : POLL_MS);
      }
    }
    document.addEventListener('visibilitychange', () => { if (!document.hidden) tick(); });
    return { now: tick };
  })();

  async function getJson(path) {
    const r = await fetch(api(path), { credentials: 'same-origin', cache: 'no-store' });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${r.statusText}`);
    return r.json();
  }

  poll.now();
})();
