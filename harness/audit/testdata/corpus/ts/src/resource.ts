import type { AxiosInstance } from 'axios';
import { api } from './http';

/** A REST collection of the CRM API. */
export class Resource<T> {
  constructor(private client: AxiosInstance, private path: string) {}

  list(params?: Record<string, unknown>) {
    return this.client.get<T[]>(this.path, { params });
  }

  find(id: number) {
    return this.client.get<T>(`${this.path}/${id}`);
  }

  create(body: Partial<T>) {
    return this.client.post<T>(this.path, body);
  }
}

export const accounts = new Resource<{ id: number; name: string }>(api, '/accounts');
