import nock from 'nock';
import { changedSince } from '../src/people';

test('lists people', async () => {
  nock('https://api.salesloft.com').get('/v2/people').query(true).reply(200, { data: [] });
  await changedSince('2026-01-01T00:00:00Z');
});
