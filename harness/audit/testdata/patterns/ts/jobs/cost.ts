// Measures what SalesLoft charges for deep pages.
import { slRequest } from './client';

export async function pageCost(page: number): Promise<number> {
  const res = await slRequest('GET', `/v2/people?per_page=1&page=${page}`);
  return Number(res.headers['x-ratelimit-endpoint-cost']);
}
