// run.mjs drives one published SalesLoft client through every operation it
// supports against a base URL, and prints one JSON line per call:
// {"client", "step", "method", "path", "status", "body"}.
//
//   node js/run.mjs salesloft|opensdks BASE_URL TOKEN
//
// The clients are used as their READMEs say; the only change is the base
// URL, which neither client lets a caller pass to its constructor
// (salesloft hard-codes apiBase on each resource; @opensdks takes baseUrl).
import { createRequire } from 'node:module';
import { Ids, bodyFor, collectionOf, oas } from './bodies.mjs';

const require = createRequire(import.meta.url);
const [client, base, token] = process.argv.slice(2);
if (!client || !base || !token) {
  console.error('usage: node js/run.mjs salesloft|opensdks BASE_URL TOKEN');
  process.exit(2);
}

const out = (rec) => process.stdout.write(JSON.stringify({ client, ...rec }) + '\n');
const phases = ['list', 'create', 'fetch', 'update', 'delete'];

// phaseOf sorts an operation into the plan: lists first (to learn ids of
// existing records), then creates, fetches, updates, deletes. A cadence
// export is read with the lists: its content is what a cadence import posts.
function phaseOf(method, template) {
  const collection = /\{[^}]+\}/.test(template) === false;
  if (method === 'get' && template.startsWith('/v2/cadence_exports/')) return 'list';
  if (method === 'get') return collection ? 'list' : 'fetch';
  if (method === 'post') return 'create';
  if (method === 'put' || method === 'patch') return 'update';
  return 'delete';
}

async function runSalesloft() {
  const axios = require(require.resolve('axios', { paths: [require.resolve('salesloft')] }));
  // Observe every exchange the client makes, without changing it.
  let last = null;
  axios.interceptors.response.use(
    (resp) => { last = { status: resp.status, body: resp.data, path: new URL(resp.config.url).pathname, method: resp.config.method }; return resp; },
    (err) => { if (err.response) last = { status: err.response.status, body: err.response.data, path: new URL(err.config.url).pathname, method: err.config.method }; return Promise.reject(err); },
  );
  const { SalesLoft } = require('salesloft');
  const sl = new SalesLoft(token);
  const ids = new Ids();
  let n = 0;
  for (const phase of phases) {
    for (const [name, res] of Object.entries(sl)) {
      // Only the operations the resource class itself defines: every class
      // inherits list/fetch/create/update/delete from Resource, but declares
      // the ones SalesLoft offers for it.
      if (!Object.getOwnPropertyNames(Object.getPrototypeOf(res)).includes(phase)) continue;
      res.apiBase = `${base}/v2`;
      const coll = `/v2${res.getEndpoint()}`;
      const template = `${coll}${phase === 'list' || phase === 'create' ? '' : '/{id}'}.json`;
      const method = { list: 'get', fetch: 'get', create: 'post', update: 'put', delete: 'delete' }[phase];
      const id = ids.get(coll);
      n++;
      last = null;
      let err = null;
      try {
        let data;
        switch (phase) {
          case 'list': data = await res.list({}); ids.remember(coll, data); break;
          case 'fetch': await res.fetch(id); break;
          case 'create': data = await res.create(bodyFor('post', template, ids, n)); ids.set(coll, data); break;
          case 'update': await res.update(id, bodyFor('put', template, ids, n)); break;
          case 'delete': await res.delete(id); break;
        }
      } catch (e) {
        err = e;
      }
      if (!last) {
        out({ step: `${name}.${phase}`, method: method.toUpperCase(), path: '', status: 0, body: null, error: String(err) });
        continue;
      }
      out({ step: `${name}.${phase}`, method: last.method.toUpperCase(), path: last.path, status: last.status, body: last.body });
    }
  }
}

async function runOpenSDKs() {
  const { initSalesloftSDK } = await import('@opensdks/sdk-salesloft');
  const sdk = initSalesloftSDK({ baseUrl: base, headers: { authorization: `Bearer ${token}` } });
  const ids = new Ids();
  const ops = [];
  for (const [template, item] of Object.entries(oas.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (item[method]) ops.push({ template, method, phase: phaseOf(method, template) });
    }
  }
  let exported = null;
  let n = 0;
  for (const phase of phases) {
    for (const { template, method } of ops.filter((o) => o.phase === phase)) {
      n++;
      const coll = collectionOf(template);
      const path = {};
      for (const [, name] of template.matchAll(/\{([^}]+)\}/g)) {
        // A cadence export is read by the cadence's id.
        const owner = coll === '/v2/cadence_exports' ? '/v2/cadences' : coll;
        path[name] = ids.get(name === 'id' ? owner : `/v2/${name.replace(/_id$/, '')}`);
      }
      let body;
      if (method === 'post' || method === 'put' || method === 'patch') {
        body = coll === '/v2/cadence_imports' && exported ? exported : bodyFor(method, template, ids, n);
      }
      let status = 0, data = null, sent = '';
      try {
        const r = await sdk[method.toUpperCase()](template, { params: { path }, ...(body ? { body } : {}) });
        status = r.response.status; data = r.data; sent = new URL(r.response.url).pathname;
      } catch (e) {
        if (!e.response) { out({ step: `${method.toUpperCase()} ${template}`, method: method.toUpperCase(), path: '', status: 0, body: null, error: String(e) }); continue; }
        status = e.response.status; data = e.error ?? null; sent = new URL(e.response.url).pathname;
      }
      if (phase === 'list') ids.remember(coll, data?.data);
      if (phase === 'create' && status < 300) ids.set(coll, data?.data);
      if (coll === '/v2/cadence_exports' && status === 200) exported = data?.data;
      out({ step: `${method.toUpperCase()} ${template}`, method: method.toUpperCase(), path: sent, status, body: data });
    }
  }
}

try {
  if (client === 'salesloft') await runSalesloft();
  else if (client === 'opensdks') await runOpenSDKs();
  else { console.error(`run.mjs: unknown client ${client}; use salesloft or opensdks`); process.exit(2); }
} catch (e) {
  console.error(`run.mjs: ${client}: ${e.stack ?? e}`);
  process.exit(1);
}
