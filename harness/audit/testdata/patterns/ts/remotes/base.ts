export type AuthConfig = { tokenHost: string; tokenPath: string; authorizePath: string };

export abstract class RemoteClient {
  protected abstract baseUrl(): string;

  public async sendPassthroughRequest(req: { method: string; path: string; body?: unknown }) {
    return fetch(`${this.baseUrl()}${req.path}`, { method: req.method, body: JSON.stringify(req.body) });
  }
}
