// Offline mode for the demo: intercepts the SalesLoft API with nock so the
// app runs without a token. Test doubles, not calls.
const nock = require('nock');

function fakeSalesloft() {
  nock('https://api.salesloft.com').get('/v2/people').reply(200, { data: [] });
  nock('https://api.salesloft.com').post('/v2/notes').reply(201, { data: {} });
}

module.exports = { fakeSalesloft };
