// Request bodies and ids for the interop plans. Bodies come from the published
// OpenAPI description that @opensdks/sdk-salesloft ships (its required fields),
// with values a SalesLoft account would accept; ids come from what earlier
// steps created or listed, so every call names a record that exists.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const oas = require('@opensdks/sdk-salesloft/salesloft.oas.json');

// Ids is what the plan learned so far: collection path -> record id.
export class Ids {
  constructor() { this.byCollection = new Map(); }
  // remember keeps the first id seen for a collection ("/v2/people").
  remember(collection, data) {
    const rec = Array.isArray(data) ? data[0] : data;
    if (rec && typeof rec.id === 'number' && !this.byCollection.has(collection)) {
      this.byCollection.set(collection, rec.id);
    }
  }
  // set replaces the id of a collection (after a create).
  set(collection, data) {
    if (data && typeof data.id === 'number') this.byCollection.set(collection, data.id);
  }
  get(collection) { return this.byCollection.get(collection) ?? 1; }
  forget(collection) { this.byCollection.delete(collection); }
}

// collectionOf is the collection a path template belongs to:
// "/v2/people/{id}.json" -> "/v2/people".
export function collectionOf(template) {
  return template.replace(/\.json$/, '').replace(/\/\{[^}]+\}.*$/, '');
}

// The values a real integration sends for the modelled resources.
const known = {
  '/v2/people': (n) => ({ email_address: `interop.${n}@example.com`, first_name: 'Inter', last_name: `Op${n}`, title: 'Engineer' }),
  '/v2/accounts': (n) => ({ name: `Interop ${n}`, domain: `interop-${n}.example.com` }),
  '/v2/webhook_subscriptions': () => ({ callback_url: 'https://hooks.example.com/salesloft', callback_token: 'interop-callback-token', event_type: 'person_updated' }),
};

// The values of fields the published description types as plain strings but
// SalesLoft's reference restricts (enums, dates, one-of keys), for creates;
// a schema-only sample ("interop task_type 5") is rightly refused with 422.
const creates = {
  '/v2/notes': (ids, n) => ({ content: `Interop note ${n}`, associated_with_type: 'person', associated_with_id: ids.get('/v2/people') }),
  '/v2/tasks': (ids, n) => ({ subject: `Interop task ${n}`, person_id: ids.get('/v2/people'), user_id: ids.get('/v2/users'), task_type: 'call', due_date: '2030-01-15', current_state: 'scheduled' }),
  '/v2/activities': (ids) => ({ task_id: ids.get('/v2/tasks') }),
  '/v2/person_upserts': (_ids, n) => ({ upsert_key: 'email_address', email_address: `interop.upsert.${n}@example.com`, first_name: 'Inter', last_name: `Upsert${n}` }),
};

// bodyFor builds the body of a create or update of template.
export function bodyFor(method, template, ids, n) {
  const coll = collectionOf(template);
  if (known[coll]) {
    const body = known[coll](n);
    return method === 'put' ? { title: `Updated ${n}`, ...(coll === '/v2/accounts' ? body : {}), ...(coll === '/v2/webhook_subscriptions' ? { enabled: false } : {}) } : body;
  }
  if (method === 'post' && creates[coll]) return creates[coll](ids, n);
  if (coll === '/v2/cadence_memberships') {
    return { person_id: ids.get('/v2/people'), cadence_id: ids.get('/v2/cadences') };
  }
  return fromSchema(method, template, ids, n);
}

// fromSchema fills the required properties of an operation's body schema.
function fromSchema(method, template, ids, n) {
  const op = oas.paths[template]?.[method];
  const content = op?.requestBody?.content;
  if (!content) return {};
  let schema = Object.values(content)[0]?.schema ?? {};
  if (schema.$ref) schema = oas.components.schemas[schema.$ref.split('/').pop()] ?? {};
  const body = {};
  for (const name of schema.required ?? []) {
    body[name] = sample(name, schema.properties?.[name] ?? {}, ids, n);
  }
  return body;
}

// sample is a plausible value for one field.
function sample(name, prop, ids, n) {
  if (name.endsWith('_id')) {
    const base = name.slice(0, -3);
    const plural = base === 'person' ? 'people' : `${base}s`;
    return ids.get(`/v2/${plural}`);
  }
  if (Array.isArray(prop.enum) && prop.enum.length > 0) return prop.enum[0];
  switch (prop.type) {
    case 'integer': case 'number': return 1;
    case 'boolean': return true;
    case 'array': return [];
    case 'object': return {};
  }
  if (name.includes('email')) return `interop.${n}@example.com`;
  if (name.includes('url')) return 'https://hooks.example.com/salesloft';
  if (name === 'domain') return `interop-${n}.example.com`;
  return `interop ${name} ${n}`;
}
