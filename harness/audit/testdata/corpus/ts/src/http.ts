import axios from 'axios';
import { SL_API } from './config';
import { currentToken } from './auth';

export const api = axios.create({
  baseURL: SL_API,
  timeout: 10_000,
});

api.interceptors.request.use(async (config) => {
  config.headers.Authorization = `Bearer ${await currentToken()}`;
  return config;
});
