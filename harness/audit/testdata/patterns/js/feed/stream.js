// Streams people from SalesLoft with the request library; .on() listens to
// the response of a real call.
const request = require('request');

function streamPeople(token, onPerson) {
  request
    .get('https://api.salesloft.com/v2/people', { auth: { bearer: token } })
    .on('response', (res) => onPerson(res));
}

module.exports = { streamPeople };
