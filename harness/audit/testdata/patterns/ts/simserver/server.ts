// A local stand-in for the SalesLoft API (demos point SALESLOFT_BASE here):
// an Express server answering /v2/ requests from memory. It sends nothing.
import express, { NextFunction, Request, Response } from 'express';

type Person = { id: number; email_address: string };

const people: Person[] = [];
const app = express();
const router = express.Router();

function pageCost(page: number): number {
  return page > 500 ? 30 : page > 100 ? 3 : 1;
}

function listPeople(req: Request, res: Response) {
  const page = Number(req.query.page ?? 1);
  res.set('x-ratelimit-endpoint-cost', String(pageCost(page)));
  res.json({ data: people });
}

function createPerson(req: Request, res: Response) {
  people.push({ id: people.length + 1, ...req.body });
  res.status(201).json({ data: people[people.length - 1] });
}

function listCadences(_req: Request, res: Response) {
  res.json({ data: [] });
}

const handlers = new Map([['/v2/people', listPeople], ['/v2/cadences', listCadences]]);

app.use((req: Request, res: Response, next: NextFunction) => {
  if (!req.path.startsWith('/v2/')) return res.status(404).end();
  if (req.path === '/v2/people.json') return handlers.get('/v2/people')!(req, res);
  next();
});
app.get('/v2/people', listPeople);
app.post('/v2/people', express.json(), createPerson);
app.get('/v2/people/:id', (req, res) => res.json({ data: people.find((p) => p.id === Number(req.params.id)) }));
router.get('/v2/cadences', listCadences);
app.use(router);

export const server = app.listen(4010);
