/*
 * CallbackPortal widget v1: the "Receive a Call" form and its service API (window.CallbackWidget).
 * Plain ES2020 in one IIFE, no build step. It talks only to the configured API base (and to a CAPTCHA
 * provider's script when the service uses a third-party CAPTCHA). Renders in a Shadow DOM so that the
 * host page's CSS cannot reach it. See the README section "Callback widget" for the options.
 */
(function () {
  'use strict';
  if (window.CallbackWidget && window.CallbackWidget.version) return;

  const script = document.currentScript;
  const TIMEOUT_MS = 15000;
  const RTL = ['ar', 'he', 'fa', 'ur'];
  const PHONE_CODES = ['invalid-phone-number', 'number-not-possible', 'number-not-allowed', 'duplicate-in-queue'];
  const TIME_CODES = ['slot-full', 'outside-horizon', 'office-closed', 'queue-full', 'not-reschedulable'];
  const REQUEST_FIELDS = ['firstName', 'lastName', 'phoneNumber', 'email', 'notes'];
  // Bus events: the LIFECYCLE ones plus scheduleError, error, rescheduled, callNow, pushSubscribed, pushUnsubscribed, pushError.
  const LIFECYCLE = ['ready', 'opened', 'started', 'submitted', 'completed', 'closed', 'cancelled'];

  const EN = {
    title: 'Receive a Call',
    launcher: 'Call me back',
    close: 'Close',
    when: 'When should we call you?',
    asap: 'As soon as possible',
    about: 'about {min} min',
    later: 'At a time I choose',
    day: 'Day',
    time: 'Time',
    zone: 'Times are in {zone}.',
    noSlots: 'No open times in the next days.',
    full: '(full)',
    closedNow: 'We are closed right now: choose a time for your call.',
    countryCode: 'Country code',
    submit: 'Call me back',
    cancel: 'Cancel',
    loading: 'Loading…',
    required: 'Please fill in this field.',
    pattern: 'Please use the expected format.',
    tooLong: 'Please use at most {max} characters.',
    email: 'Please enter an email address.',
    captcha: 'Checking that you are not a robot…',
    captchaDone: 'Robot check passed.',
    done: 'We will call you',
    reference: 'Reference',
    expected: 'Expected call',
    promisedAsap: 'In about {min} min',
    promisedSoon: 'As soon as possible',
    reschedule: 'Reschedule',
    cancelCallback: 'Cancel callback',
    save: 'Save the new time',
    back: 'Back',
    cancelled: 'Your callback is cancelled.',
    rescheduled: 'Your callback is moved.',
    another: 'Request another callback',
    retry: 'Try again',
    callNowHint: 'Prefer to talk now? Call us directly.',
    callNow: 'Call us now',
    callNumber: 'Call {number}',
    accessCode: 'When asked, enter the code {code}.',
    notify: 'Notify me in this browser',
    notifyOn: "We'll notify you in this browser.",
    notifyStop: 'Stop notifications',
    notifyOff: 'Notifications are off.',
    notifyDenied: 'Notifications are blocked for this site: allow them in the browser settings to be notified.',
    notifyFailed: "We couldn't turn on notifications in this browser.",
    'e.invalid-phone-number': 'This is not a valid phone number.',
    'e.number-not-possible': 'This phone number has the wrong length for its country.',
    'e.number-not-allowed': 'We cannot call this number (premium-rate and some other numbers are not accepted).',
    'e.duplicate-in-queue': 'A callback to this number is already waiting.',
    'e.unknown-service': 'This callback service does not exist.',
    'e.too-many-requests': 'Too many requests. Please try again in {wait} seconds.',
    'e.office-closed': 'We are closed right now: choose a time for your call.',
    'e.slot-full': 'This time has just been taken: choose another one.',
    'e.outside-horizon': 'This time cannot be booked: choose another one.',
    'e.queue-full': 'Too many people are waiting right now: choose a time for your call.',
    'e.not-reschedulable': 'This callback can no longer be moved.',
    'e.captcha-required': 'Please complete the check that you are not a robot.',
    'e.captcha-invalid': 'The robot check failed. Please try again.',
    'e.not-cancellable': 'This callback can no longer be cancelled: it is in progress or done.',
    'e.validation-failed': 'Some fields are not valid.',
    'e.origin-not-allowed': "Callbacks can't be requested from this page.",
    'e.not-found': 'This callback was not found.',
    'e.idempotency-in-flight': 'Your request is still being processed. Try again in a moment.',
    'e.idempotency-key-reused': 'Something went wrong on our side. Try again.',
    'e.network': "We couldn't reach the callback service. Check your connection and try again.",
    'e.timeout': "We couldn't reach the callback service in time. Try again.",
    'e.server': 'Something went wrong on our side. Try again.',
    'e.pool-exhausted': 'All our lines are busy right now. Please ask for a callback instead.',
    'e.unknown-group': 'Calling us directly is not available here.',
  };

  // ISO 3166 alpha-2 → dial code; country names come from Intl.DisplayNames.
  const DIAL = {};
  ('US1CA1GB44IE353FR33DE49NL31BE32LU352CH41AT43IT39ES34PT351DK45SE46NO47FI358IS354PL48CZ420SK421HU36RO40BG359GR30' +
    'HR385SI386RS381BA387ME382MK389AL355EE372LV371LT370UA380MD373TR90CY357MT356IL972PS970JO962LB961IQ964SA966AE971' +
    'QA974KW965BH973OM968EG20MA212DZ213TN216NG234GH233CI225SN221KE254UG256TZ255ET251RW250ZA27ZM260CM237MX52GT502' +
    'CR506PA507DO1PR1JM1CO57VE58EC593PE51BO591CL56AR54UY598PY595BR55AU61NZ64JP81KR82CN86HK852TW886SG65MY60ID62PH63' +
    'TH66VN84IN91PK92BD880LK94NP977KZ7GE995AM374AZ994')
    .replace(/([A-Z]{2})(\d+)/g, (_, iso, code) => { DIAL[iso] = code; return ''; });

  // ---------- small tools ----------
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k in node && k !== 'list' && k !== 'form') node[k] = v;
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
    return node;
  };
  const now = () => new Date().toISOString();
  const randomHex = (bytes) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
  const store = {
    get(key) { try { return JSON.parse(sessionStorage.getItem(key)); } catch { return null; } },
    set(key, value) { try { value === null ? sessionStorage.removeItem(key) : sessionStorage.setItem(key, JSON.stringify(value)); } catch { /* storage off */ } },
  };
  const bool = (v) => v === true || v === '' || v === 'true' || v === '1';
  const list = (v) => (Array.isArray(v) ? v : String(v || '').split(',')).map((s) => String(s).trim().toUpperCase()).filter(Boolean);

  // ---------- state ----------
  let config = null;
  let strings = EN;
  let ui = null;
  let current = null; // the callback made in this tab: { id, accessToken, desiredTime, immediate, ewtSeconds }
  let readyResolve;
  const ready = new Promise((resolve) => { readyResolve = resolve; });

  const t = (key, vars) => String(strings[key] ?? EN[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => (vars && vars[name] !== undefined ? vars[name] : ''));

  // ---------- bus ----------
  const handlers = {};
  const emit = (event, detail) => {
    for (const handler of (handlers[event] || []).slice()) {
      try { handler(detail); } catch (e) { console.error('CallbackWidget: a "' + event + '" handler failed', e); }
    }
    if (LIFECYCLE.includes(event)) lifecycle.track(event, detail && detail.id);
  };

  // ---------- interaction lifecycle (API.md: POST /api/v1/lifecycle, text/plain so there is no preflight) ----------
  const lifecycle = {
    sessionId: null,
    queue: [],
    timer: null,
    flags: { proactive: false, prefilled: false, autoSubmitted: false, captchaShown: false, immediate: true },
    counters: { opened: 0, submitAttempts: 0, validationErrors: 0, availabilityRequests: 0 },
    timestamps: {},
    elapsedMs: {},
    errors: [],
    // Codes and the field they were shown at, never what the visitor typed.
    error(code) {
      const field = PHONE_CODES.includes(code) ? 'phoneNumber' : TIME_CODES.includes(code) ? 'desiredTime' : /^captcha-/.test(code) ? 'captcha' : undefined;
      if (this.errors.length < 10) this.errors.push({ code: String(code).slice(0, 64), field });
    },
    track(event, callbackId) {
      const at = now();
      const stamps = this.timestamps;
      stamps[event + 'At'] = at;
      const since = (from) => (stamps[from + 'At'] ? Math.max(0, Date.parse(at) - Date.parse(stamps[from + 'At'])) : undefined);
      const pairs = { opened: ['ready', 'readyToOpen'], started: ['opened', 'openToStart'], submitted: ['started', 'startToSubmit'],
        completed: ['submitted', 'submitToComplete'], closed: ['opened', 'openToClose'], cancelled: ['completed', 'completeToCancel'] };
      if (pairs[event] && since(pairs[event][0]) !== undefined) this.elapsedMs[pairs[event][1]] = since(pairs[event][0]);
      this.queue.push({
        event, service: config.service, sessionId: this.sessionId, callbackId: callbackId || (current ? current.id : null), timestamp: at,
        metadata: JSON.parse(JSON.stringify({ flags: this.flags, counters: this.counters, timestamps: stamps, elapsedMs: this.elapsedMs, errors: this.errors })),
      });
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(false), 800);
    },
    flush(leaving) {
      clearTimeout(this.timer);
      if (!this.queue.length || !config) return;
      const body = JSON.stringify(this.queue.splice(0, 50));
      if (this.queue.length) this.timer = setTimeout(() => this.flush(false), 800);
      const url = config.api + '/api/v1/lifecycle?service=' + encodeURIComponent(config.service);
      if (leaving && navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' }))) return;
      fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' }, keepalive: true, credentials: 'omit' }).catch(() => {});
    },
  };
  addEventListener('pagehide', () => lifecycle.flush(true));
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') lifecycle.flush(true); });

  // ---------- API client ----------
  class WidgetError extends Error {
    constructor(code, detail, extra) {
      super(detail || code);
      Object.assign(this, { code, detail }, extra);
    }
  }

  // A fetch that rejected with a TypeError is either "down" or "refused by CORS": a no-cors probe tells them apart.
  const reachable = () => fetch(config.api + '/health/live', { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(5000) }).then(() => true, () => false);

  let corsHinted = false;
  async function call(method, path, body, headers) {
    let response;
    try {
      response = await fetch(config.api + path, {
        method, credentials: 'omit', signal: AbortSignal.timeout(config.timeoutMs),
        headers: Object.assign(body ? { 'Content-Type': 'application/json' } : {}, headers),
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    } catch (e) {
      if (e && (e.name === 'TimeoutError' || e.name === 'AbortError')) throw new WidgetError('timeout', e.message, { retry: true });
      if (await reachable()) {
        if (!corsHinted) {
          corsHinted = true;
          console.error('CallbackWidget: the callback service "' + config.service + '" at ' + config.api + ' refused requests from this page\'s origin ' +
            location.origin + '. Allow this origin in the portal: Integration → CORS domains (the service\'s allowed origins).');
        }
        throw new WidgetError('origin-not-allowed', 'CORS refused');
      }
      throw new WidgetError('network', e && e.message, { retry: true });
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (response.ok) return data;
    const code = (data && data.code) || (response.status >= 500 ? 'server' : 'validation-failed');
    throw new WidgetError(code, data && data.detail, {
      status: response.status, errors: (data && data.errors) || {}, retry: response.status >= 500 || code === 'idempotency-in-flight',
      wait: Number(response.headers.get('Retry-After')) || 30,
    });
  }

  const servicePath = () => '/api/v1/services/' + encodeURIComponent(config.service);
  const api = {
    status: () => call('GET', servicePath() + '/status'),
    form: () => (config.form ? Promise.resolve(config.form) : call('GET', servicePath() + '/form')),
    availability(args) {
      lifecycle.counters.availabilityRequests++;
      const query = new URLSearchParams();
      for (const k of ['start', 'end', 'days', 'timezone', 'maxSlots']) if (args && args[k] != null) query.set(k, args[k]);
      if (![...query.keys()].length) query.set('days', 7);
      return call('GET', servicePath() + '/availability?' + query);
    },
    create: (attempt) => call('POST', servicePath() + '/callbacks', attempt.body, { 'Idempotency-Key': attempt.key }),
    get: (c) => call('GET', '/api/v1/callbacks/' + c.id, undefined, { Authorization: 'Bearer ' + c.accessToken }),
    patch: (c, desiredTime) => call('PATCH', '/api/v1/callbacks/' + c.id, { desiredTime }, { Authorization: 'Bearer ' + c.accessToken }),
    remove: (c) => call('DELETE', '/api/v1/callbacks/' + c.id, undefined, { Authorization: 'Bearer ' + c.accessToken }),
    push: (c, webPush) => call('PUT', '/api/v1/callbacks/' + c.id + '/push', { webPush }, { Authorization: 'Bearer ' + c.accessToken }),
    unpush: (c) => call('DELETE', '/api/v1/callbacks/' + c.id + '/push/' + c.push.subscriptionId, undefined, { Authorization: 'Bearer ' + c.accessToken }),
    // Click-To-Call-In: a number (and code) reserved for this visitor's context for a few minutes.
    callNow: (group, userData) => call('POST', '/api/v1/click-to-call/requests?group=' + encodeURIComponent(group),
      { group, userData: Object.assign(journey(), userData) }),
  };

  // ---------- CAPTCHA ----------
  // Self-contained (it is also the Web Worker's source): finds n with SHA-256(salt + n) = challenge, from..to.
  function solvePow(salt, challenge, from, to) {
    const K = [];
    for (let i = 0, n = 2; i < 64; n++) {
      let prime = true;
      for (let d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
      if (prime) K[i++] = (Math.pow(n, 1 / 3) % 1) * 4294967296 | 0;
    }
    const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    const enc = new TextEncoder();
    const w = new Int32Array(64);
    const sha = (bytes) => {
      const len = bytes.length;
      const blocks = ((len + 9 + 63) >> 6) << 6;
      const m = new Uint8Array(blocks);
      m.set(bytes);
      m[len] = 0x80;
      const bits = len * 8;
      m[blocks - 4] = bits >>> 24; m[blocks - 3] = bits >>> 16; m[blocks - 2] = bits >>> 8; m[blocks - 1] = bits;
      const h = H0.slice();
      for (let off = 0; off < blocks; off += 64) {
        for (let i = 0; i < 16; i++) w[i] = (m[off + i * 4] << 24) | (m[off + i * 4 + 1] << 16) | (m[off + i * 4 + 2] << 8) | m[off + i * 4 + 3];
        for (let i = 16; i < 64; i++) {
          const a = w[i - 15], b = w[i - 2];
          const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
          const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
          w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
        }
        let [A, B, C, D, E, F, G, Hh] = h;
        for (let i = 0; i < 64; i++) {
          const S1 = ((E >>> 6) | (E << 26)) ^ ((E >>> 11) | (E << 21)) ^ ((E >>> 25) | (E << 7));
          const t1 = (Hh + S1 + ((E & F) ^ (~E & G)) + K[i] + w[i]) | 0;
          const S0 = ((A >>> 2) | (A << 30)) ^ ((A >>> 13) | (A << 19)) ^ ((A >>> 22) | (A << 10));
          const t2 = (S0 + ((A & B) ^ (A & C) ^ (B & C))) | 0;
          Hh = G; G = F; F = E; E = (D + t1) | 0; D = C; C = B; B = A; A = (t1 + t2) | 0;
        }
        h[0] += A; h[1] += B; h[2] += C; h[3] += D; h[4] += E; h[5] += F; h[6] += G; h[7] += Hh;
      }
      return h.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
    };
    for (let n = from; n <= to; n++) if (sha(enc.encode(salt + n)) === challenge) return n;
    return -1;
  }

  function workerSolve(c) {
    return new Promise((resolve, reject) => {
      let worker;
      try {
        const source = 'const solvePow=' + solvePow.toString() + ';onmessage=e=>postMessage(solvePow(e.data[0],e.data[1],0,e.data[2]))';
        worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      } catch (e) { reject(e); return; }
      worker.onmessage = (e) => { worker.terminate(); resolve(e.data); };
      worker.onerror = (e) => { worker.terminate(); e.preventDefault && e.preventDefault(); reject(e); };
      worker.postMessage([c.salt, c.challenge, c.maxnumber]);
    });
  }

  // The page's CSP may forbid blob: workers: then solve on the main thread in chunks, yielding between them.
  async function mainThreadSolve(c) {
    for (let from = 0; from <= c.maxnumber; from += 4000) {
      const n = solvePow(c.salt, c.challenge, from, Math.min(from + 3999, c.maxnumber));
      if (n >= 0) return n;
      await new Promise((resolve) => setTimeout(resolve));
    }
    return -1;
  }

  async function proofOfWork() {
    const c = await call('GET', '/api/v1/captcha/challenge?service=' + encodeURIComponent(config.service));
    let number;
    try { number = await workerSolve(c); } catch { number = await mainThreadSolve(c); }
    if (number < 0) throw new WidgetError('captcha-invalid');
    return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature }));
  }

  const PROVIDERS = {
    ReCaptchaV2: { src: 'https://www.google.com/recaptcha/api.js?render=explicit', global: 'grecaptcha' },
    ReCaptchaV3: { src: 'https://www.google.com/recaptcha/api.js?render=', global: 'grecaptcha', invisible: true },
    HCaptcha: { src: 'https://js.hcaptcha.com/1/api.js?render=explicit', global: 'hcaptcha' },
    Turnstile: { src: 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit', global: 'turnstile' },
  };
  const scripts = {};
  function loadProvider(provider, siteKey) {
    const p = PROVIDERS[provider];
    const src = p.src + (p.invisible ? encodeURIComponent(siteKey) : '');
    scripts[src] = scripts[src] || new Promise((resolve, reject) => {
      const tag = el('script', { src, async: true, onerror: () => reject(new WidgetError('captcha-required', 'script')) });
      tag.onload = () => {
        const api = window[p.global];
        // Only reCAPTCHA needs its ready(); Turnstile's throws when its script was loaded async.
        p.global === 'grecaptcha' && api && api.ready ? api.ready(() => resolve(api)) : resolve(api);
      };
      document.head.append(tag);
    });
    return scripts[src];
  }

  /** The CAPTCHA of one form: solved in the background (proof of work) or the provider's own widget in a light-DOM slot. */
  function captchaFor(status, slotHost) {
    const provider = status.captcha && status.captcha.provider;
    if (!provider || provider === 'Off') return null;
    lifecycle.flags.captchaShown = true;
    if (provider === 'ProofOfWork') {
      let pending = null;
      return {
        kind: 'pow',
        prepare() { pending = pending || proofOfWork(); pending.catch(() => { pending = null; }); return pending; },
        token() { const p = this.prepare(); pending = null; return p; },
        reset() { pending = null; this.prepare(); },
      };
    }
    const siteKey = status.captcha.siteKey;
    if (!PROVIDERS[provider]) return null;
    let widgetId = null;
    // The provider's widget lives in the light DOM (its script cannot reach into a shadow root), shown through a slot.
    const holder = slotHost ? el('div', { slot: 'captcha' }) : null;
    if (holder) slotHost.querySelectorAll('[slot=captcha]').forEach((n) => n.remove());
    if (holder) slotHost.append(holder);
    const loading = loadProvider(provider, siteKey).then((api) => {
      if (holder && !PROVIDERS[provider].invisible) widgetId = api.render(holder, { sitekey: siteKey });
      return api;
    });
    loading.catch(() => {});
    return {
      kind: 'provider',
      holder,
      prepare: () => loading,
      async token() {
        const api = await loading;
        if (PROVIDERS[provider].invisible) return api.execute(siteKey, { action: 'callback' });
        const token = api.getResponse(widgetId);
        if (!token) throw new WidgetError('captcha-required');
        return token;
      },
      async reset() { const a = await loading; if (widgetId !== null && a.reset) a.reset(widgetId); },
      remove() { holder && holder.remove(); },
    };
  }

  // ---------- journey context and the create body ----------
  function journey() {
    const data = { page: location.origin + location.pathname };
    if (document.referrer) {
      try { const r = new URL(document.referrer); data.referrer = r.origin + r.pathname; } catch { /* not a URL */ }
    }
    for (const [k, v] of new URLSearchParams(location.search)) if (/^utm_[a-z]+$/.test(k)) data[k] = v.slice(0, 200);
    return Object.assign(data, config.userData);
  }

  function createBody(values, desiredTime, phoneCountry) {
    const body = { desiredTime: desiredTime || null, language: config.language, sessionId: lifecycle.sessionId, userData: journey() };
    for (const [name, value] of Object.entries(values)) {
      if (REQUEST_FIELDS.includes(name)) body[name] = value === '' ? null : value;
      else if (value !== '' && value !== undefined) body.userData[name] = value;
    }
    if (phoneCountry) body.phoneCountry = phoneCountry;
    return body;
  }

  // One attempt = one body and its Idempotency-Key: a retry after "down" or a timeout resends both unchanged.
  let lastAttempt = null;
  async function submit(body, captcha) {
    const content = JSON.stringify(body);
    if (!lastAttempt || lastAttempt.content !== content) {
      const withCaptcha = Object.assign({}, body);
      if (captcha) withCaptcha.captcha = await captcha.token();
      lastAttempt = { content, key: 'w-' + randomHex(16), body: JSON.stringify(withCaptcha) };
    }
    return send(lastAttempt, captcha);
  }

  async function send(attempt, captcha) {
    lifecycle.counters.submitAttempts++;
    lifecycle.flags.immediate = !JSON.parse(attempt.body).desiredTime;
    emit('submitted', { sessionId: lifecycle.sessionId });
    try {
      const created = await api.create(attempt);
      lastAttempt = null;
      current = { id: created.id, accessToken: created.accessToken, desiredTime: created.desiredTime, immediate: lifecycle.flags.immediate,
        ewtSeconds: created.ewtSeconds, state: created.state };
      store.set(storageKey(), current);
      emit('completed', Object.assign({}, created, { accessToken: undefined }));
      return created;
    } catch (e) {
      lifecycle.error(e.code);
      // A refusal ends the attempt (and used up its CAPTCHA); no answer, a server error or "still in flight" keep
      // the same body and Idempotency-Key for the retry, so the retry can never make a second callback.
      if (!e.retry) { lastAttempt = null; if (captcha) captcha.reset(); }
      emit('scheduleError', { code: e.code, detail: e.detail, errors: e.errors });
      emit('error', { code: e.code, detail: e.detail });
      throw e;
    }
  }

  const storageKey = () => 'cbw:' + config.service + ':callback';

  // ---------- formatting ----------
  const minutes = (seconds) => Math.max(1, Math.round(seconds / 60));
  function formatTime(iso, options, timeZone) {
    try { return new Intl.DateTimeFormat(config.language, Object.assign({ timeZone }, options)).format(new Date(iso)); } catch { return iso; }
  }
  let regionNames = null;
  function countryName(iso) {
    try {
      regionNames = regionNames && regionNames.lang === config.language ? regionNames
        : { lang: config.language, names: new Intl.DisplayNames([config.language, 'en'], { type: 'region' }) };
      return regionNames.names.of(iso);
    } catch { return iso; }
  }

  // ---------- styles ----------
  const CSS = `
:host{all:initial}
*{box-sizing:border-box;margin:0;font:inherit;color:inherit;letter-spacing:normal;text-transform:none}
.root{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--t);text-align:start}
.launcher{position:fixed;bottom:20px;inset-inline-end:20px;z-index:2147483000;background:var(--p);color:var(--pt);border:0;border-radius:999px;padding:12px 20px;font-weight:600;box-shadow:0 4px 14px #0004;cursor:pointer}
.overlay{position:fixed;inset:0;z-index:2147483001;background:#0f141e8c;display:flex;align-items:center;justify-content:center;padding:16px}
.dialog{background:var(--b);color:var(--t);border-radius:var(--r);width:100%;max-width:460px;max-height:calc(100vh - 32px);overflow:auto;padding:20px 22px;box-shadow:0 12px 40px #0005}
.inline{max-width:none;max-height:none;box-shadow:none;border:1px solid #c5cad1}
@media (max-width:520px){.overlay{padding:0;align-items:stretch}.dialog{max-width:none;max-height:none;height:100%;border-radius:0}}
.head{display:flex;justify-content:space-between;align-items:center;gap:8px;margin-bottom:14px}
h2{font-size:21px;font-weight:700;line-height:1.25}
.x{background:none;border:0;font-size:26px;line-height:1;padding:2px 8px;cursor:pointer;border-radius:6px;color:var(--t)}
.row{display:flex;gap:12px;flex-wrap:wrap}.row>.field{flex:1 1 150px}
.field{margin-bottom:12px;display:flex;flex-direction:column;gap:4px}
label,legend{font-weight:600;font-size:14px}
input,select,textarea{display:block;width:100%;padding:9px 10px;border:1px solid #6b7480;border-radius:6px;background:#fff;color:#1b1f24;font-size:15px;min-height:40px}
textarea{min-height:72px;resize:vertical}
:focus-visible{outline:3px solid var(--p);outline-offset:2px}
[aria-invalid=true]{border-color:#b3261e;border-width:2px}
.err{color:#b3261e;font-size:13.5px;font-weight:600}
.err:empty,.alert:empty{display:none}
.phone{display:flex;gap:8px}.phone select{flex:0 0 40%}.phone input{flex:1;min-width:0}
fieldset{border:0;padding:0;margin:0 0 12px;min-width:0}
legend{margin-bottom:4px;padding:0}
.choice{display:flex;gap:8px;align-items:center;font-weight:400;margin:6px 0;font-size:15px}
.choice input{width:18px;height:18px;min-height:0;flex:none;accent-color:var(--p)}
.slots{display:flex;gap:12px;flex-wrap:wrap;margin:6px 0 0;padding-inline-start:26px}.slots>.field{flex:1 1 150px;margin-bottom:4px}
.hint{color:#4a5460;font-size:13.5px}
.alert{background:#fdecea;color:#7f1d1d;border:1px solid #e8a39c;border-radius:6px;padding:10px 12px;margin:8px 0;display:flex;gap:10px;align-items:center;justify-content:space-between;flex-wrap:wrap}
.note{background:#eef4fc;border-radius:6px;padding:10px 12px;margin-bottom:12px}
.actions{display:flex;gap:10px;justify-content:flex-end;margin-top:12px;flex-wrap:wrap}
.btn{border-radius:6px;padding:10px 16px;font-weight:600;cursor:pointer;border:1px solid var(--p);background:#fff;color:var(--p);min-height:42px}
.btn.primary{background:var(--p);color:var(--pt)}
.btn:disabled{opacity:.65;cursor:default}
.call-now{padding-bottom:12px;border-bottom:1px solid #d0d7de}.call-now .btn{display:block;width:100%;text-align:center;text-decoration:none;box-sizing:border-box;line-height:20px}
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 14px;margin:10px 0 4px}dt{color:#4a5460}dd{font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

  // ---------- the UI ----------
  function mountUi() {
    const host = el('div', { 'data-callback-widget': '' });
    (config.container || document.body).append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const theme = config.theme;
    const root = el('div', { class: 'root', dir: config.dir, lang: config.language,
      style: `--p:${theme.primary};--pt:${theme.primaryText};--t:${theme.text};--b:${theme.background};--r:${theme.radius}` });
    // A constructed style sheet is not inline style for the page's CSP (style-src); a <style> element is the fallback.
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } catch {
      shadow.append(el('style', { text: CSS }));
    }
    shadow.append(root);
    const live = el('div', { class: 'sr', 'aria-live': 'polite' });
    root.append(live);
    const state = { host, shadow, root, live, overlay: null, dialog: null, opener: null, view: null };
    if (config.launcher && !config.container) {
      root.append(el('button', { class: 'launcher', type: 'button', text: t('launcher'), onclick: () => open({}) }));
    }
    return state;
  }

  const announce = (text) => { ui.live.textContent = ''; setTimeout(() => { ui.live.textContent = text; }, 50); };

  function focusables() {
    return [...ui.dialog.querySelectorAll('button,input,select,textarea,[tabindex]')].filter((n) => !n.disabled && n.type !== 'hidden' && n.getClientRects().length > 0);
  }

  function onKey(e) {
    if (e.key === 'Escape' && !config.container) { e.preventDefault(); close(); return; }
    if (e.key !== 'Tab' || config.container) return;
    const items = focusables();
    if (!items.length) return;
    const active = ui.shadow.activeElement;
    if (e.shiftKey && (active === items[0] || !items.includes(active))) { e.preventDefault(); items[items.length - 1].focus(); }
    else if (!e.shiftKey && (active === items[items.length - 1] || !items.includes(active))) { e.preventDefault(); items[0].focus(); }
  }

  function showDialog() {
    if (ui.dialog) return;
    ui.opener = document.activeElement === ui.host ? ui.shadow.activeElement : document.activeElement;
    const modal = !config.container;
    ui.dialog = el('div', modal ? { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'cbw-title', onkeydown: onKey }
      : { class: 'dialog inline', role: 'region', 'aria-labelledby': 'cbw-title' });
    if (modal) {
      ui.overlay = el('div', { class: 'overlay', onmousedown: (e) => { if (e.target === ui.overlay) close(); } }, ui.dialog);
      ui.root.append(ui.overlay);
    } else {
      ui.root.append(ui.dialog);
    }
  }

  function setView(title, ...children) {
    ui.dialog.replaceChildren(
      el('div', { class: 'head' }, el('h2', { id: 'cbw-title', text: title }),
        config.container ? null : el('button', { class: 'x', type: 'button', 'aria-label': t('close'), text: '×', onclick: () => close() })),
      ...children.filter(Boolean));
  }

  const focusFirst = () => {
    const first = ui.dialog.querySelector('input:not([type=hidden]):not([type=radio]),select,textarea,.actions .btn');
    (first || ui.dialog.querySelector('button')).focus();
  };

  // ----- the form -----
  function fieldId(input) { return 'cbw-' + (input.id || input.name).replace(/[^\w-]/g, ''); }

  function renderInput(input, prefill, country) {
    const id = fieldId(input);
    const errId = id + '-err';
    const value = prefill[input.name] ?? input.defaultValue ?? '';
    const common = { id, name: input.name, required: !!input.required, 'aria-required': input.required ? 'true' : null,
      'aria-describedby': errId, placeholder: input.placeholder || null, maxLength: input.maxLength || null };
    const type = String(input.type || 'text').toLowerCase();
    if (type === 'hidden') return el('input', { type: 'hidden', name: input.name, value });
    const err = el('div', { class: 'err', id: errId });
    const label = input.label + (input.required ? ' *' : '');
    if (type === 'checkbox') {
      return el('div', { class: 'field' }, el('label', { class: 'choice' },
        el('input', Object.assign(common, { type: 'checkbox', checked: value === true || value === 'true', maxLength: null, placeholder: null })), input.label), err);
    }
    let control;
    if (type === 'select') {
      control = el('select', Object.assign(common, { maxLength: null, placeholder: null }),
        input.required ? el('option', { value: '', text: input.placeholder || '' }) : el('option', { value: '', text: input.placeholder || '—' }),
        (input.options || []).map((o) => el('option', { value: o.value, text: o.label || o.value, selected: o.value === value })));
    } else if (type === 'textarea') {
      control = el('textarea', Object.assign(common, { value }));
    } else {
      control = el('input', Object.assign(common, { type: type === 'tel' ? 'tel' : type === 'email' ? 'email' : 'text', value,
        autocomplete: { firstName: 'given-name', lastName: 'family-name', phoneNumber: 'tel-national', email: 'email' }[input.name] || null,
        dir: type === 'tel' ? 'ltr' : null }));
      if (input.pattern) control.dataset.pattern = input.pattern;
    }
    if (type === 'tel') {
      const codes = config.countries.length ? config.countries.filter((c) => DIAL[c]) : Object.keys(DIAL);
      const options = codes.map((iso) => ({ iso, name: countryName(iso) })).sort((a, b) => a.name.localeCompare(b.name, config.language));
      const chosen = prefill.phoneCountry || country;
      const select = el('select', { id: id + '-country', 'aria-label': t('countryCode'), class: 'country' },
        options.map((o) => el('option', { value: o.iso, text: '\u200e+' + DIAL[o.iso] + '\u200e ' + o.name, selected: o.iso === chosen })));
      return el('div', { class: 'field' }, el('label', { for: id, text: label }), el('div', { class: 'phone' }, select, control), err);
    }
    return el('div', { class: 'field' }, el('label', { for: id, text: label }), control, err);
  }

  function renderInputs(form, prefill) {
    const out = [];
    let row = null;
    for (const input of form.inputs || []) {
      const node = renderInput(input, prefill, config.country);
      if (input.group && row && row.dataset.group === input.group) { row.append(node); continue; }
      if (input.group) { row = el('div', { class: 'row', 'data-group': input.group }, node); out.push(row); } else { row = null; out.push(node); }
    }
    return out;
  }

  /** Day and time selects over availability slots; full slots are disabled. */
  function slotPicker(availability, idPrefix) {
    const days = new Map();
    for (const s of availability.slots || []) {
      const day = String(s.localTime).slice(0, 10);
      if (!days.has(day)) days.set(day, []);
      days.get(day).push(s);
    }
    for (const [day, slots] of [...days]) if (!slots.some((s) => s.capacity > 0)) days.delete(day);
    const zone = availability.timezone;
    const daySelect = el('select', { id: idPrefix + '-day' });
    const timeSelect = el('select', { id: idPrefix + '-time', 'aria-describedby': 'cbw-time-err' });
    for (const [day, slots] of days) {
      daySelect.append(el('option', { value: day, text: formatTime(slots[0].utcTime, { weekday: 'short', month: 'short', day: 'numeric' }, zone) }));
    }
    const fillTimes = () => {
      timeSelect.replaceChildren(...(days.get(daySelect.value) || []).map((s) => el('option', {
        value: s.utcTime, disabled: s.capacity <= 0,
        text: formatTime(s.utcTime, { hour: 'numeric', minute: '2-digit' }, zone) + (s.capacity <= 0 ? ' ' + t('full') : ''),
      })));
      const firstFree = [...timeSelect.options].find((o) => !o.disabled);
      if (firstFree) timeSelect.value = firstFree.value;
    };
    daySelect.addEventListener('change', fillTimes);
    fillTimes();
    const node = days.size
      ? el('div', {}, el('div', { class: 'slots' },
        el('div', { class: 'field' }, el('label', { for: daySelect.id, text: t('day') }), daySelect),
        el('div', { class: 'field' }, el('label', { for: timeSelect.id, text: t('time') }), timeSelect)),
      el('p', { class: 'hint', style: 'padding-inline-start:26px', text: t('zone', { zone }) }))
      : el('p', { class: 'hint', text: t('noSlots') });
    return { node, value: () => (days.size ? timeSelect.value : null), focus: () => (days.size ? daySelect : null) };
  }

  async function loadAvailability() {
    try { return await api.availability({ days: 7 }); } catch (e) { lifecycle.error(e.code); return { slots: [], timezone: '' }; }
  }

  async function open(options) {
    options = options || {};
    await ready;
    if (config.headless) throw new WidgetError('headless', 'The widget runs headless: build the UI on the commands.');
    const first = !ui.dialog;
    showDialog();
    if (first) {
      lifecycle.counters.opened++;
      if (options.proactive) lifecycle.flags.proactive = true;
      emit('opened', { proactive: !!options.proactive });
    }
    if (current && !options.prefill) return showKnownCallback();
    return showForm(options);
  }

  async function showForm(options) {
    setView(t('title'), el('p', { class: 'hint', text: t('loading') }));
    let status, form;
    try {
      [status, form] = await Promise.all([api.status(), api.form()]);
    } catch (e) {
      lifecycle.error(e.code);
      emit('error', { code: e.code, detail: e.detail });
      const alert = el('div', { class: 'alert', role: 'alert' }, el('span', { text: message(e) }),
        e.retry ? el('button', { class: 'btn', type: 'button', text: t('retry'), onclick: () => showForm(options) }) : null);
      setView(t('title'), alert);
      focusFirst();
      return;
    }
    const prefill = options.prefill || {};
    if (options.prefill) lifecycle.flags.prefilled = true;
    const offerNow = status.offerImmediate !== false && config.offer.immediate !== false
      && !(config.ewt.hideAboveSeconds != null && status.ewtSeconds > config.ewt.hideAboveSeconds);
    const offerLater = status.offerScheduled !== false && config.offer.scheduled !== false;
    const availability = offerLater ? await loadAvailability() : { slots: [] };
    const picker = slotPicker(availability, 'cbw-slot');
    const showEwt = status.ewtSeconds >= 0 && (config.ewt.showBelowSeconds == null || status.ewtSeconds < config.ewt.showBelowSeconds);

    const asap = el('input', { type: 'radio', name: 'cbw-when', value: 'now', id: 'cbw-when-now', checked: offerNow });
    const later = el('input', { type: 'radio', name: 'cbw-when', value: 'later', id: 'cbw-when-later', checked: !offerNow });
    const slotBox = el('div', { hidden: offerNow }, picker.node);
    const toggle = () => { slotBox.hidden = !later.checked; };
    asap.addEventListener('change', toggle);
    later.addEventListener('change', toggle);
    const when = el('fieldset', { 'aria-describedby': 'cbw-time-err' }, el('legend', { text: t('when') }),
      !offerNow && status.open === false ? el('p', { class: 'note', text: t('closedNow') }) : null,
      offerNow ? el('label', { class: 'choice', for: 'cbw-when-now' }, asap,
        t('asap') + (showEwt ? ' (' + t('about', { min: minutes(status.ewtSeconds) }) + ')' : '')) : null,
      offerLater && offerNow ? el('label', { class: 'choice', for: 'cbw-when-later' }, later, t('later')) : null,
      offerLater ? slotBox : null,
      el('div', { class: 'err', id: 'cbw-time-err' }));

    const captcha = captchaFor(status, ui.host);
    if (captcha) captcha.prepare().catch(() => {});
    const captchaBox = captcha ? el('div', { class: 'field' },
      captcha.kind === 'pow' ? el('p', { class: 'hint', id: 'cbw-captcha-state', text: t('captcha') }) : el('slot', { name: 'captcha' }),
      el('div', { class: 'err', id: 'cbw-captcha-err' })) : null;
    if (captcha && captcha.kind === 'pow') captcha.prepare().then(() => { const s = ui.dialog.querySelector('#cbw-captcha-state'); if (s) s.textContent = t('captchaDone'); }, () => {});

    const general = el('div', { class: 'alert', role: 'alert', id: 'cbw-general' });
    const submitButton = el('button', { class: 'btn primary', type: 'submit', text: t('submit') });
    const formNode = el('form', { novalidate: true },
      callNowPanel(), renderInputs(form, prefill), when, captchaBox, general,
      el('div', { class: 'actions' }, el('button', { class: 'btn', type: 'button', text: t('cancel'), onclick: () => close() }), submitButton));
    let started = false;
    const start = () => { if (!started) { started = true; emit('started', {}); } };
    formNode.addEventListener('input', start);
    formNode.addEventListener('change', start);

    const attemptSubmit = async (retrying) => {
      if (submitButton.disabled) return;
      clearErrors(formNode);
      let body;
      if (!retrying || !lastAttempt) {
        const values = readValues(formNode, form);
        if (!values) { announce(t('e.validation-failed')); return; }
        const desired = asap.checked && offerNow ? null : picker.value();
        if (!desired && !(asap.checked && offerNow)) { showError(formNode, { code: 'slot-full' }); return; }
        const country = formNode.querySelector('select.country');
        body = createBody(values, desired, country ? country.value : null);
      }
      submitButton.disabled = true;
      submitButton.setAttribute('aria-busy', 'true');
      try {
        await (retrying && lastAttempt ? send(lastAttempt, captcha) : submit(body, captcha));
        if (captcha && captcha.remove) captcha.remove();
        showConfirmation();
      } catch (e) {
        showError(formNode, e, () => attemptSubmit(true));
        if (e.code === 'office-closed' || e.code === 'queue-full') { later.checked = true; asap.checked = false; toggle(); }
      } finally {
        submitButton.disabled = false;
        submitButton.removeAttribute('aria-busy');
      }
    };
    formNode.addEventListener('submit', (e) => { e.preventDefault(); attemptSubmit(false); });
    setView(config.strings.title || form.title || t('title'), formNode);
    focusFirst();
    if (options.autoSubmit) {
      lifecycle.flags.autoSubmitted = true;
      start();
      attemptSubmit(false);
    }
  }

  // On a phone, a visitor with a Click-To-Call-In group may rather call now: reserve a number (and code), then dial it.
  function callNowPanel() {
    if (!config.clickToCall || !matchMedia('(max-width: 520px), (pointer: coarse)').matches) return null;
    const status = el('div', { class: 'err', id: 'cbw-call-now-err', role: 'alert' });
    const button = el('button', { class: 'btn primary', type: 'button', id: 'cbw-call-now', text: t('callNow') });
    const panel = el('div', { class: 'field call-now' }, el('p', { class: 'hint', text: t('callNowHint') }), button, status);
    button.onclick = async () => {
      button.disabled = true;
      status.textContent = '';
      try {
        const r = await command('callNow', {});
        const tel = 'tel:' + r.toPhoneNumber + (r.accessCode ? ',' + r.accessCode + '#' : '');
        const link = el('a', { class: 'btn primary', href: tel, id: 'cbw-call-link', text: t('callNumber', { number: r.toPhoneNumber }) });
        panel.replaceChildren(link, r.accessCode ? el('p', { class: 'hint', text: t('accessCode', { code: r.accessCode }) }) : null);
        link.focus();
        link.click();
      } catch (e) {
        status.textContent = message(e);
        button.disabled = false;
      }
    };
    return panel;
  }

  function readValues(formNode, form) {
    const values = {};
    let firstBad = null;
    for (const input of form.inputs || []) {
      const node = formNode.querySelector('[name="' + CSS_ESCAPE(input.name) + '"]');
      if (!node) continue;
      const value = node.type === 'checkbox' ? node.checked : node.value.trim();
      let problem = null;
      if (input.required && (value === '' || value === false)) problem = t('required');
      else if (typeof value === 'string' && value && input.maxLength && value.length > input.maxLength) problem = t('tooLong', { max: input.maxLength });
      else if (typeof value === 'string' && value && node.dataset.pattern && !new RegExp('^(?:' + node.dataset.pattern + ')$').test(value)) problem = t('pattern');
      else if (value && String(input.type).toLowerCase() === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) problem = t('email');
      if (problem) {
        fieldError(formNode, node, problem);
        firstBad = firstBad || node;
        lifecycle.counters.validationErrors++;
      }
      values[input.name] = value;
    }
    if (firstBad) { firstBad.focus(); return null; }
    return values;
  }
  const CSS_ESCAPE = (s) => (window.CSS && CSS.escape ? CSS.escape(s) : s);

  function fieldError(formNode, node, text) {
    node.setAttribute('aria-invalid', 'true');
    const err = formNode.querySelector('#' + node.getAttribute('aria-describedby'));
    if (err) err.textContent = text;
  }

  function clearErrors(formNode) {
    formNode.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
    formNode.querySelectorAll('.err,.alert').forEach((n) => n.replaceChildren());
  }

  function message(e) {
    if (e.code === 'too-many-requests') return t('e.too-many-requests', { wait: e.wait || 30 });
    return strings['e.' + e.code] || EN['e.' + e.code] || (e.status >= 500 ? t('e.server') : e.detail || t('e.server'));
  }

  /** Puts an API error next to the field it is about and announces it. */
  function showError(formNode, e, retry) {
    const text = message(e);
    let target = null;
    if (PHONE_CODES.includes(e.code)) target = formNode.querySelector('input[type=tel]');
    if (target) {
      fieldError(formNode, target, text);
      target.focus();
    } else if (TIME_CODES.includes(e.code)) {
      formNode.querySelector('#cbw-time-err').textContent = text;
    } else if (/^captcha-/.test(e.code) && formNode.querySelector('#cbw-captcha-err')) {
      formNode.querySelector('#cbw-captcha-err').textContent = text;
    } else if (e.code === 'validation-failed' && e.errors && Object.keys(e.errors).length) {
      let placed = false;
      for (const [field, messages] of Object.entries(e.errors)) {
        const name = field.replace(/^userData\./, '');
        const node = field === 'desiredTime' ? null : formNode.querySelector('[name="' + CSS_ESCAPE(name) + '"]');
        const detail = /^en/i.test(config.language) ? [].concat(messages).join(' ') : t('pattern');
        if (node && node.getAttribute('aria-describedby')) { fieldError(formNode, node, detail); placed = true; }
        else if (field === 'desiredTime') { formNode.querySelector('#cbw-time-err').textContent = detail; placed = true; }
      }
      if (!placed) formNode.querySelector('#cbw-general').textContent = text;
    } else {
      const general = formNode.querySelector('#cbw-general');
      general.replaceChildren(el('span', { text }));
      if (e.retry && retry) general.append(el('button', { class: 'btn', type: 'button', text: t('retry'), onclick: retry }));
    }
    announce(text);
  }

  // ----- confirmation, cancel and reschedule -----
  function promised(c) {
    if (c.immediate) return c.ewtSeconds > 0 ? t('promisedAsap', { min: minutes(c.ewtSeconds) }) : t('promisedSoon');
    return formatTime(c.desiredTime, { dateStyle: 'full', timeStyle: 'short' });
  }

  function showConfirmation(notice) {
    const c = current;
    const general = el('div', { class: 'alert', role: 'alert', id: 'cbw-general' });
    const cancelButton = el('button', { class: 'btn', type: 'button', text: t('cancelCallback'), onclick: async () => {
      cancelButton.disabled = true;
      try { await command('cancel'); showCancelled(); } catch (e) { general.replaceChildren(el('span', { text: message(e) })); announce(message(e)); cancelButton.disabled = false; }
    } });
    setView(t('done'),
      notice ? el('p', { class: 'note', role: 'status', text: notice }) : null,
      el('dl', {}, el('dt', { text: t('reference') }), el('dd', { 'data-reference': c.id, text: c.id.slice(0, 8).toUpperCase() }),
        el('dt', { text: t('expected') }), el('dd', { id: 'cbw-promised', text: promised(c) })),
      pushPanel(),
      general,
      el('div', { class: 'actions' }, cancelButton,
        el('button', { class: 'btn', type: 'button', text: t('reschedule'), onclick: () => showReschedule() }),
        config.container ? null : el('button', { class: 'btn primary', type: 'button', text: t('close'), onclick: () => close() })));
    focusFirst();
    if (notice) announce(notice); else announce(t('done') + '. ' + promised(c));
  }

  // ----- "notify me": Web Push through the host page's own service worker (which imports callback-sw.js) -----
  let pushKey = null;
  function pushPanel() {
    const c = current;
    const pushable = config.serviceWorker && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
    if (!c || !pushable || (!c.push && Notification.permission === 'denied')) return null;
    const box = el('div', { class: 'field', id: 'cbw-push' });
    const note = el('p', { class: 'hint', id: 'cbw-push-status', role: 'status' });
    const say = (text) => { note.textContent = text; announce(text); };
    const button = el('button', { class: 'btn', type: 'button', id: 'cbw-push-button' });
    const render = () => {
      button.disabled = false;
      button.textContent = c.push ? t('notifyStop') : t('notify');
      button.setAttribute('aria-describedby', 'cbw-push-status');
      if (c.push) note.textContent = t('notifyOn');
      box.replaceChildren(note, button);
    };
    button.onclick = async () => {
      button.disabled = true;
      const on = !!c.push;
      try {
        if (on) await unsubscribePush(c); else await subscribePush(c);
        if (current === c) store.set(storageKey(), c);
        render();
        say(on ? t('notifyOff') : t('notifyOn'));
        emit(on ? 'pushUnsubscribed' : 'pushSubscribed', { id: c.id, subscriptionId: on ? undefined : c.push.subscriptionId });
      } catch (e) {
        const denied = e.code === 'push-denied';
        say(denied ? t('notifyDenied') : t('notifyFailed'));
        if (denied) button.remove(); else button.disabled = false;
        emit('pushError', { id: c.id, code: e.code || 'push-failed', detail: e.detail || e.message });
      }
    };
    if (c.push) render();
    else {
      // Only a service with Web Push on (and a key to subscribe with) gets the button.
      (pushKey ? Promise.resolve(pushKey) : api.status().then((s) => (pushKey = s.push && s.push.webPush && s.push.vapidPublicKey)))
        .then((key) => { if (key) render(); }, () => {});
    }
    return box;
  }

  async function pushRegistration() {
    const registration = await navigator.serviceWorker.register(config.serviceWorker);
    const worker = registration.installing || registration.waiting;
    if (!registration.active && worker) {
      await new Promise((resolve) => {
        const check = () => { if (worker.state === 'activated' || worker.state === 'redundant') resolve(); };
        worker.addEventListener('statechange', check);
        check();
      });
    }
    return registration;
  }

  async function subscribePush(c) {
    if ((await Notification.requestPermission()) !== 'granted') throw new WidgetError('push-denied');
    const registration = await pushRegistration();
    pushKey = pushKey || (await api.status()).push.vapidPublicKey;
    const key = Uint8Array.from(atob(pushKey.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
    const old = await registration.pushManager.getSubscription();
    const oldKey = old && old.options.applicationServerKey ? new Uint8Array(old.options.applicationServerKey).join() : null;
    if (old && oldKey !== key.join()) await old.unsubscribe(); // made with another key: subscribe() would refuse
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    const saved = await api.push(c, subscription.toJSON());
    c.push = { subscriptionId: saved.subscriptionId };
    // The worker opens this page again when the visitor clicks a notification.
    if (registration.active) registration.active.postMessage({ type: 'cbw-start', url: location.href });
  }

  async function unsubscribePush(c) {
    try { await api.unpush(c); } catch (e) { if (e.code !== 'not-found') throw e; }
    delete c.push;
    try {
      const subscription = await (await navigator.serviceWorker.register(config.serviceWorker)).pushManager.getSubscription();
      if (subscription) await subscription.unsubscribe();
    } catch { /* the server forgot it already: nothing more is sent */ }
  }

  // A callback remembered from earlier in this tab: show it, then ask the API whether it is still waiting.
  async function showKnownCallback() {
    showConfirmation();
    try {
      const view = await api.get(current);
      if (view.state === 'Completed') forget();
      else Object.assign(current, { desiredTime: view.desiredTime, ewtSeconds: view.ewtSeconds, state: view.state });
    } catch (e) {
      if (e.code === 'not-found') forget();
    }
    if (!current) showForm({});
    else if (ui.dialog && ui.dialog.querySelector('#cbw-promised')) ui.dialog.querySelector('#cbw-promised').textContent = promised(current);
  }

  const forget = () => { current = null; store.set(storageKey(), null); };

  function showCancelled() {
    setView(t('done'), el('p', { class: 'note', role: 'status', text: t('cancelled') }),
      el('div', { class: 'actions' },
        el('button', { class: 'btn', type: 'button', text: t('another'), onclick: () => showForm({}) }),
        config.container ? null : el('button', { class: 'btn primary', type: 'button', text: t('close'), onclick: () => close() })));
    focusFirst();
    announce(t('cancelled'));
  }

  async function showReschedule() {
    setView(t('reschedule'), el('p', { class: 'hint', text: t('loading') }));
    const picker = slotPicker(await loadAvailability(), 'cbw-new');
    const err = el('div', { class: 'err', id: 'cbw-time-err' });
    const save = el('button', { class: 'btn primary', type: 'submit', text: t('save'), disabled: !picker.value() });
    const formNode = el('form', { novalidate: true }, picker.node, err,
      el('div', { class: 'actions' }, el('button', { class: 'btn', type: 'button', text: t('back'), onclick: () => showConfirmation() }), save));
    formNode.addEventListener('submit', async (e) => {
      e.preventDefault();
      save.disabled = true;
      try { await command('reschedule', { desiredTime: picker.value() }); showConfirmation(t('rescheduled')); } catch (x) { err.textContent = message(x); announce(message(x)); save.disabled = false; }
    });
    setView(t('reschedule'), formNode);
    focusFirst();
  }

  function close() {
    if (!ui || !ui.dialog || config.container) return;
    (ui.overlay || ui.dialog).remove();
    ui.overlay = ui.dialog = null;
    const opener = ui.opener;
    ui.opener = null;
    if (opener && opener.isConnected && opener.focus) opener.focus();
    emit('closed', {});
  }

  // ---------- commands ----------
  async function command(name, args) {
    await ready;
    args = args || {};
    switch (name) {
      case 'open': return open(args);
      case 'close': return close();
      case 'status': return api.status();
      case 'availability': return api.availability(args);
      case 'schedule': {
        const { desiredTime, phoneCountry, captcha: token, userData, ...values } = args;
        const body = createBody(values, desiredTime, phoneCountry);
        Object.assign(body.userData, userData);
        let captcha = null;
        if (token) body.captcha = token;
        else {
          const status = await api.status();
          captcha = captchaFor(status, null);
          if (captcha && captcha.kind !== 'pow') throw new WidgetError('captcha-required', 'Pass args.captcha: the service uses ' + status.captcha.provider + '.');
        }
        return submit(body, captcha);
      }
      case 'callNow': {
        const group = args.group || config.clickToCall;
        if (!group) throw new WidgetError('unknown-group', 'Name the Click-To-Call-In group (init({ clickToCall }) or args.group).');
        const reservation = await api.callNow(group, args.userData);
        emit('callNow', reservation);
        return reservation;
      }
      case 'cancel': {
        const c = args.id ? args : current;
        if (!c) throw new WidgetError('not-found');
        const result = await api.remove(c);
        if (current && current.id === c.id) forget();
        emit('cancelled', { id: c.id });
        return result;
      }
      case 'reschedule': {
        const c = args.id ? args : current;
        if (!c) throw new WidgetError('not-found');
        const result = await api.patch(c, args.desiredTime);
        if (current && current.id === c.id) {
          Object.assign(current, { desiredTime: result.desiredTime, immediate: false });
          store.set(storageKey(), current);
        }
        emit('rescheduled', { id: c.id, desiredTime: result.desiredTime });
        return result;
      }
      default: throw new WidgetError('unknown-command', 'Unknown command: ' + name);
    }
  }

  // ---------- configuration ----------
  function fromAttributes() {
    const d = (script && script.dataset) || {};
    const options = { service: d.service, api: d.api, country: d.country, countries: d.countries, language: d.language,
      offer: {}, theme: {}, ewt: {} };
    if (d.immediate !== undefined) options.offer.immediate = bool(d.immediate);
    if (d.scheduled !== undefined) options.offer.scheduled = bool(d.scheduled);
    if (d.headless !== undefined) options.headless = bool(d.headless);
    if (d.launcher !== undefined) options.launcher = bool(d.launcher);
    if (d.proactive) options.proactive = { afterSeconds: Number(d.proactive) };
    if (d.clickToCall) options.clickToCall = d.clickToCall;
    if (d.serviceWorker) options.serviceWorker = d.serviceWorker;
    if (d.ewtShowBelow) options.ewt.showBelowSeconds = Number(d.ewtShowBelow);
    if (d.ewtHideAbove) options.ewt.hideAboveSeconds = Number(d.ewtHideAbove);
    for (const k of ['primary', 'text', 'background', 'radius']) {
      const v = d['theme' + k[0].toUpperCase() + k.slice(1)];
      if (v) options.theme[k] = v;
    }
    return options;
  }

  function resolveConfig(options) {
    const attrs = fromAttributes();
    const o = Object.assign({}, attrs, options);
    const origin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
    const language = o.language || document.documentElement.lang || navigator.language || 'en';
    const region = (/-([A-Za-z]{2})\b/.exec(language) || [])[1];
    const theme = Object.assign({ primary: '#1f5fbf', primaryText: '#ffffff', text: '#1b1f24', background: '#ffffff', radius: '12px' }, attrs.theme, o.theme);
    if (typeof theme.radius === 'number') theme.radius += 'px';
    const container = typeof o.container === 'string' ? document.querySelector(o.container) : o.container || null;
    if (!o.service) throw new WidgetError('validation-failed', 'CallbackWidget: name the service (data-service or init({ service })).');
    return {
      service: String(o.service),
      api: String(o.api || origin).replace(/\/+$/, ''),
      offer: Object.assign({}, attrs.offer, o.offer),
      ewt: Object.assign({}, attrs.ewt, o.ewt),
      country: String(o.country || region || 'US').toUpperCase(),
      countries: list(o.countries),
      language,
      dir: RTL.includes(language.slice(0, 2).toLowerCase()) ? 'rtl' : 'ltr',
      strings: o.strings || {},
      theme,
      proactive: o.proactive,
      clickToCall: o.clickToCall ? String(o.clickToCall) : null,
      serviceWorker: o.serviceWorker ? String(o.serviceWorker) : null,
      form: o.form ? { title: o.form.title, inputs: o.form.inputs } : null,
      userData: Object.assign({}, o.userData),
      headless: !!o.headless,
      launcher: o.launcher !== undefined ? !!o.launcher : false,
      container,
      timeoutMs: Number(o.timeoutMs) || TIMEOUT_MS,
    };
  }

  let initialised = false;
  function init(options) {
    if (ui) { close(); ui.host.remove(); ui = null; }
    config = resolveConfig(options || {});
    pushKey = null;
    strings = Object.assign({}, EN, config.strings);
    const sessionKey = 'cbw:' + config.service + ':session';
    lifecycle.sessionId = store.get(sessionKey) || 'w-' + randomHex(12);
    store.set(sessionKey, lifecycle.sessionId);
    current = store.get(storageKey());
    initialised = true;
    if (!config.headless) ui = mountUi();
    readyResolve();
    emit('ready', { service: config.service, sessionId: lifecycle.sessionId, headless: config.headless });
    if (config.container) open({});
    const proactive = config.proactive && Number(config.proactive.afterSeconds);
    if (proactive > 0 && !config.headless && !store.get('cbw:' + config.service + ':proactive')) {
      setTimeout(() => {
        if (ui && !ui.dialog) { store.set('cbw:' + config.service + ':proactive', true); open({ proactive: true }); }
      }, proactive * 1000);
    }
    return window.CallbackWidget;
  }

  // Any element of the host page with data-callback-open opens the widget.
  document.addEventListener('click', (e) => {
    const opener = e.target && e.target.closest && e.target.closest('[data-callback-open]');
    if (opener && config && !config.headless) { e.preventDefault(); open({}); }
  });

  window.CallbackWidget = {
    version: '1',
    init,
    command: (name, args) => command(name, args),
    on(event, handler) { (handlers[event] = handlers[event] || []).push(handler); return this; },
    off(event, handler) { handlers[event] = (handlers[event] || []).filter((h) => h !== handler); return this; },
    get sessionId() { return lifecycle.sessionId; },
    get callback() { return current ? { id: current.id, desiredTime: current.desiredTime, state: current.state } : null; },
  };

  // The script tag's data-service starts the widget, unless the page calls init() itself in the same turn.
  if (script && script.dataset.service) {
    const start = () => { if (!initialised) { try { init({}); } catch (e) { console.error(e.message); } } };
    document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', start) : setTimeout(start);
  }
})();
