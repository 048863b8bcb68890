package sim

import io.ktor.server.application.Application
import io.ktor.server.application.call
import io.ktor.server.response.respond
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.route
import io.ktor.server.routing.routing

// A local stand-in for the SalesLoft API (Ktor server routes): it answers
// /v2/ requests and sends none.
fun Application.salesloftStandIn(people: MutableList<Map<String, Any>>) {
    routing {
        get("/v2/people") {
            call.respond(mapOf("data" to people))
        }
        post("/v2/people") {
            call.respond(mapOf("data" to people.last()))
        }
        route("/v2/cadences") {
            get { call.respond(mapOf("data" to emptyList<Any>())) }
        }
    }
}
