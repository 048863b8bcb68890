// A SalesLoft gateway over fetch. Its base is a URL object that may carry a
// proxy's path prefix; each request copies the base and extends the copy's
// pathname by the request path.
export class GatewayError extends Error {
  constructor(public method: string, public pathname: string, public status: number) {
    super(`${method} ${pathname}: ${status}`);
  }
}

export class Gateway {
  private base: URL;

  constructor(root: string = "https://api.salesloft.com") {
    this.base = new URL(root);
    this.base.pathname = this.base.pathname.replace(/\/+$/, "");
  }

  async request(method: string, path: string): Promise<Response> {
    const u = new URL(this.base.toString());
    u.pathname = this.base.pathname + path;
    const res = await this.send(method, u.toString());
    if (!res.ok) {
      throw new GatewayError(method, path, res.status);
    }
    return res;
  }

  private send(method: string, target: string): Promise<Response> {
    return fetch(target, { method, headers: { accept: "application/json" } });
  }

  listNotes() {
    return this.request("GET", "/v2/notes");
  }

  getNote(id: number) {
    return this.request("GET", `/v2/notes/${id}`);
  }

  createNote() {
    return this.request("POST", "/v2/notes");
  }
}
