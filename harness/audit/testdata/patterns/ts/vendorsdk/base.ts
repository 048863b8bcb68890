import axios from 'axios';

export class Collection {
  protected root = 'https://api.salesloft.com/v2';
  constructor(protected segment: string) {}

  protected async index<T>(query: Record<string, string> = {}): Promise<T> {
    return (await axios.get<T>(`${this.root}${this.segment}`, { params: query })).data;
  }

  protected async add<T>(body: unknown): Promise<T> {
    const url = `${this.root}${this.segment}`;
    return (await axios.post<T>(url, body)).data;
  }

  protected async one<T>(id: number): Promise<T> {
    return (await axios.get<T>(`${this.root}${this.segment}/${id}`)).data;
  }

  protected async drop(id: number): Promise<void> {
    await axios.delete(`${this.root}${this.segment}/${id}`);
  }
}
