const axios = require('axios');
const express = require('express');

function forward(req, res, token) {
  return axios.request({ method: req.method, url: `https://api.salesloft.com${req.path}`, headers: { Authorization: `Bearer ${token}` } })
    .then((r) => res.status(r.status).json(r.data));
}

const app = express();
app.post('/api/v2/people', (req, res) => res.json({ ok: true }));
app.all('/salesloft/*', (req, res) => forward(req, res, process.env.SL_TOKEN));
module.exports = app;
