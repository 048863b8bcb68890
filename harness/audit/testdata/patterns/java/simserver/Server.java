// A stand-in for the SalesLoft API (api.salesloft.com) on Vert.x: routes,
// declared by a verb call whose handler is chained after it.
import io.vertx.ext.web.Router;

class Server {
  void routes(Router router) {
    router.get("/v2/people").handler(ctx -> ctx.json(java.util.List.of()));
    router.post("/v2/notes").handler(this::createNote);
  }

  void createNote(io.vertx.ext.web.RoutingContext ctx) {
    ctx.response().setStatusCode(201).end();
  }
}
