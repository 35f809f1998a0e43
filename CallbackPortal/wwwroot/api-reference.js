// Loaded before the API reference's own script. Its bundled Zod probes whether eval (new Function) works to compile faster
// validators; the portal's Content-Security-Policy forbids eval, so the probe would be reported as a violation. Zod's
// documented switch for such pages is its global config's jitless flag (what z.config({ jitless: true }) sets).
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
