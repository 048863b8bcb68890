// A thin SalesLoft client for the batch jobs.
import axios from 'axios';

export function slRequest(method: string, path: string) {
  return axios.request({ method, url: `https://api.salesloft.com${path}` });
}
