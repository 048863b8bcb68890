import { Router } from 'express';
import { INTERNAL_BASE } from './config';

export const router = Router();

// Our own API for the dashboard; it is not SalesLoft's.
router.get('/api/v2/people/:id', async (req, res) => {
  const upstream = await fetch(`${INTERNAL_BASE}/api/v2/people/${req.params.id}`);
  res.json(await upstream.json());
});

router.post('/v2/people', (req, res) => res.status(201).end());
