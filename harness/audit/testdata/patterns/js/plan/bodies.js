// Request bodies for a SalesLoft sync plan; ids come from an IdCache.
const creates = {
  '/v2/notes': (ids, n) => ({ content: `note ${n}`, associated_with_id: ids.get('/v2/people') }),
  '/v2/tasks': (ids) => ({ person_id: ids.get('/v2/people'), user_id: ids.get('/v2/users') }),
};

export function bodyFor(path, ids, n) {
  if (creates[path]) return creates[path](ids, n);
  if (path === '/v2/cadence_memberships') {
    return { person_id: ids.get('/v2/people'), cadence_id: ids.get('/v2/cadences') };
  }
  return fill(path, ids);
}

function fill(path, ids) {
  return { account_id: ids.get(`/v2/${'accounts'}`), path };
}
