// Old dashboard widgets, still in production.
const headers = { Authorization: `Bearer ${window.SL_TOKEN}`, Accept: 'application/json' };

export function loadPage(page) {
  return fetch('https://api.salesloft.com/v2/people.json?page=2&per_page=50', { method: 'GET', headers });
}

export function recentEmails() {
  return fetch(`https://api.salesloft.com/v2/activities/emails`, { method: "GET", headers });
}

export function cadenceSteps(cadenceId) {
  // There is no cadence_steps resource; this has always 404ed.
  return fetch(`https://api.salesloft.com/v2/cadence_steps?cadence_id=${cadenceId}`, { headers });
}

const salesloft = require('@datafire/salesloft').create({ access_token: window.SL_TOKEN });

export function teamTemplates() {
  return salesloft.v2.team_templates.json.get({});
}

export function webhookSafe(body, signature, token) {
  const expected = require('crypto').createHmac('sha1', token).update(body).digest('hex');
  return require('crypto').timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}
