'use strict';
// Operator console: talks only to the public HTTP API. The API key is kept in sessionStorage and sent as X-API-Key;
// EventSource cannot send headers, so the event streams get it as ?api_key=.
(function () {
  const KEY = 'siprec.apiKey';
  const POLL_MS = 2000;
  const $ = (id) => document.getElementById(id);
  let sessions = [];
  let nodes = [];
  // Once a drain or undrain answered 403 the buttons stay hidden until the key changes; the notice says why.
  let nodeControlRefused = false;
  let nodeNotice = '';
  let events = null;

  const apiKey = () => sessionStorage.getItem(KEY) || '';

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (apiKey()) headers['X-API-Key'] = apiKey();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    return { status: response.status, json };
  }

  function showError(message) {
    const el = $('error');
    el.textContent = message || '';
    el.hidden = !message;
  }

  function elapsed(totalSeconds) {
    const seconds = Math.max(0, Math.floor(totalSeconds));
    const h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    return (h ? h + ':' : '') + String(m).padStart(h ? 2 : 1, '0') + ':' + String(s).padStart(2, '0');
  }

  function duration(startedAt) {
    return elapsed((Date.now() - Date.parse(startedAt)) / 1000);
  }

  function gibibytes(bytes) {
    return typeof bytes === 'number' ? (bytes / 1073741824).toFixed(1) + ' GiB' : '';
  }

  function cell(cls, text) {
    const td = document.createElement('td');
    td.className = cls;
    td.textContent = text;
    return td;
  }

  function stateText(p) {
    if (!p || !p.is_paused) return { text: 'recording', cls: 'state-recording' };
    const what = [p.recording_paused ? 'recording' : null, p.transcription_paused ? 'transcription' : null].filter(Boolean).join(' + ');
    if (p.pause_source === 'policy' && p.reason === 'dtmf') return { text: 'paused (' + what + ') by policy: keyed digits (DTMF)', cls: 'state-paused state-policy' };
    return { text: 'paused (' + what + ') by ' + (p.pause_source || 'unknown'), cls: 'state-paused' };
  }

  function button(label, action, onClick) {
    const b = document.createElement('button');
    b.textContent = label;
    b.dataset.action = action;
    b.addEventListener('click', onClick);
    return b;
  }

  function sessionButton(label, action, id, body) {
    return button(label, action, () => control(action, id, body));
  }

  function render() {
    const tbody = $('sessions');
    tbody.replaceChildren();
    $('session-count').textContent = String(sessions.length);
    $('no-sessions').hidden = sessions.length > 0;
    // Only a cluster names the node of a session; a single node keeps its table as it was.
    const showNode = sessions.some((s) => s.node);
    $('node-column').hidden = !showNode;
    for (const s of sessions) {
      const tr = document.createElement('tr');
      tr.dataset.sessionId = s.id;
      tr.appendChild(cell('session-id', s.id));
      if (showNode) tr.appendChild(cell('node', s.node || ''));
      tr.append(
        cell('participants', (s.participants || []).map((p) => p.name ? p.name + ' <' + p.aor + '>' : p.aor).join(', ')),
        cell('duration', duration(s.started_at)),
        cell('streams', (s.streams || []).map((x) => x.label + ' (' + (x.codec || x.media_type) + ')').join(', ')));
      const state = stateText(s.pause_status);
      const stateCell = document.createElement('td');
      stateCell.className = 'state ' + state.cls;
      stateCell.textContent = state.text;
      tr.appendChild(stateCell);
      const actions = document.createElement('td');
      const p = s.pause_status || {};
      actions.append(
        p.recording_paused
          ? sessionButton('Resume recording', 'resume', s.id, { resume_recording: true, resume_transcription: false })
          : sessionButton('Pause recording', 'pause', s.id, { pause_recording: true, pause_transcription: false }),
        p.transcription_paused
          ? sessionButton('Resume transcription', 'resume', s.id, { resume_recording: false, resume_transcription: true })
          : sessionButton('Pause transcription', 'pause', s.id, { pause_recording: false, pause_transcription: true }));
      tr.appendChild(actions);
      tbody.appendChild(tr);
    }
  }

  async function refresh() {
    const r = await api('GET', '/api/sessions');
    if (r.status === 401) { showError('API key required or invalid.'); return; }
    if (r.status !== 200 || !r.json) { showError('Could not list sessions (HTTP ' + r.status + ').'); return; }
    showError('');
    sessions = r.json.sessions || [];
    render();
  }

  // Down and unknown nodes do not describe themselves: the directory's last sighting and the reason stand in.
  function nodeStateText(n) {
    return n.state + (n.state === 'down' && n.last_seen ? ' (last seen ' + n.last_seen + ')' : '') + (n.error ? ': ' + n.error : '');
  }

  function renderNodes() {
    const tbody = $('nodes');
    tbody.replaceChildren();
    $('node-count').textContent = String(nodes.length);
    $('nodes-notice').textContent = nodeNotice;
    $('nodes-notice').hidden = !nodeNotice;
    for (const n of nodes) {
      const tr = document.createElement('tr');
      tr.dataset.nodeId = n.id;
      tr.append(
        cell('node-id', n.id),
        cell('node-state node-' + n.state, nodeStateText(n)),
        cell('node-refusing', n.refusing || ''),
        cell('node-sessions', typeof n.sessions === 'number' ? String(n.sessions) : ''),
        cell('node-disk', gibibytes(n.free_disk_bytes)),
        cell('node-version', n.version || ''),
        cell('node-uptime', typeof n.uptime_seconds === 'number' ? elapsed(n.uptime_seconds) : ''));
      const actions = document.createElement('td');
      actions.className = 'node-actions';
      // Down and unknown nodes cannot take a command; a key refused once does not get buttons it cannot use.
      if (!nodeControlRefused && n.state === 'active') actions.append(button('Drain', 'drain', () => nodeControl('drain', n.id)));
      if (!nodeControlRefused && n.state === 'draining') actions.append(button('Undrain', 'undrain', () => nodeControl('undrain', n.id)));
      tr.appendChild(actions);
      tbody.appendChild(tr);
    }
  }

  async function refreshNodes() {
    const r = await api('GET', '/api/nodes');
    const error = $('nodes-error');
    if (r.status !== 200 || !r.json) {
      error.textContent = 'Could not list nodes (HTTP ' + r.status + ')' + (r.json && r.json.error ? ': ' + r.json.error : '.');
      error.hidden = false;
    } else {
      error.hidden = true;
    }
    // A list that could not be read is not shown stale: the error above stands alone.
    nodes = r.status === 200 && r.json ? r.json.nodes || [] : [];
    renderNodes();
  }

  async function nodeControl(action, id) {
    const r = await api('POST', '/api/nodes/' + encodeURIComponent(id) + '/' + action, {});
    const said = (r.json && (r.json.error || r.json.message)) || '';
    nodeControlRefused = r.status === 403;
    if (r.status === 200) nodeNotice = '';
    else if (r.status === 403) nodeNotice = 'This API key may not drain or undrain nodes (HTTP 403: ' + (said || 'forbidden') + ').';
    else nodeNotice = action + ' ' + id + ' (HTTP ' + r.status + ')' + (said ? ': ' + said : '');
    renderNodes();
    await refreshNodes();
  }

  async function control(action, id, body) {
    const path = id ? '/api/sessions/' + encodeURIComponent(id) + '/' + action : '/api/sessions/' + action;
    const r = await api('POST', path, body || {});
    if (r.status !== 200) showError((r.json && r.json.error) || ('HTTP ' + r.status));
    await refresh();
  }

  function withKey(path) {
    return apiKey() ? path + '?api_key=' + encodeURIComponent(apiKey()) : path;
  }

  function subscribe() {
    if (events) events.close();
    events = new EventSource(withKey('/api/events'));
    events.onopen = () => { $('live').textContent = 'live'; $('live').className = 'badge ok'; };
    events.onerror = () => { $('live').textContent = 'reconnecting'; $('live').className = 'badge bad'; };
    for (const name of ['session.paused', 'session.resumed', 'session.auto_resumed', 'session.pause_limit_exceeded']) {
      events.addEventListener(name, () => refresh());
    }
  }

  async function health() {
    try {
      const r = await api('GET', '/health');
      const el = $('health');
      el.textContent = r.json ? r.json.status + ' · v' + r.json.version : 'HTTP ' + r.status;
      el.className = 'badge ' + (r.status === 200 ? 'ok' : 'bad');
    } catch (e) {
      $('health').textContent = 'unreachable';
      $('health').className = 'badge bad';
    }
  }

  async function transcripts() {
    const pane = $('transcript');
    // With no speech provider the stream exists but stays silent; /health says so and names the setting to change.
    const h = await api('GET', '/health').catch(() => ({ json: null }));
    const t = h.json && h.json.transcription;
    if (t && !t.enabled) {
      pane.className = 'notice';
      pane.textContent = t.detail;
      return;
    }
    const probe = new AbortController();
    let status = 0;
    try {
      const r = await fetch(withKey('/api/transcripts/stream'), { signal: probe.signal });
      status = r.status;
      probe.abort();
    } catch (e) {
      status = 0;
    }
    if (status !== 200) {
      pane.textContent = 'Transcription not enabled.';
      return;
    }
    const source = new EventSource(withKey('/api/transcripts/stream'));
    source.onmessage = (m) => {
      let t;
      try { t = JSON.parse(m.data); } catch (e) { return; }
      const line = document.createElement('p');
      line.textContent = '[' + (t.session_id || '') + '] ' + (t.speaker || t.label || '') + ': ' + (t.text || '');
      pane.appendChild(line);
      pane.scrollTop = pane.scrollHeight;
    };
  }

  async function recordings() {
    const r = await api('GET', '/api/recordings');
    const panel = $('recordings-panel');
    if (r.status !== 200 || !r.json) { panel.hidden = true; return; }
    panel.hidden = false;
    const list = $('recordings');
    list.replaceChildren();
    const items = Array.isArray(r.json) ? r.json : (r.json.recordings || []);
    for (const rec of items.slice(0, 20)) {
      const li = document.createElement('li');
      const id = rec.id || rec.session_id;
      const b = document.createElement('button');
      b.textContent = 'Play';
      b.addEventListener('click', () => {
        const player = $('player');
        player.src = withKey('/api/recordings/' + encodeURIComponent(id) + '/audio');
        player.hidden = false;
        player.play().catch(() => {});
      });
      li.append(b, document.createTextNode(' ' + id + (rec.started_at ? ' · ' + rec.started_at : '')));
      list.appendChild(li);
    }
  }

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY, $('api-key').value);
    $('api-key').value = '';
    nodeControlRefused = false;
    nodeNotice = '';
    subscribe();
    refresh();
    refreshNodes();
    recordings();
  });
  $('pause-all').addEventListener('click', () => control('pause-all', null, {}));
  $('resume-all').addEventListener('click', () => control('resume-all', null, {}));

  subscribe();
  refresh();
  refreshNodes();
  health();
  transcripts();
  recordings();
  setInterval(refresh, POLL_MS);
  setInterval(refreshNodes, POLL_MS);
  setInterval(health, 10 * POLL_MS);
})();
