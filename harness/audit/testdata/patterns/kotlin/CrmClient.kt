package com.acme.sync

import io.ktor.client.HttpClient
import io.ktor.client.call.body
import io.ktor.client.plugins.defaultRequest
import io.ktor.client.request.get
import io.ktor.client.request.parameter
import io.ktor.client.request.post
import io.ktor.client.request.setBody
import okhttp3.FormBody
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody

object SalesloftConfig {
    val baseUrl: String = System.getenv("SALESLOFT_URL") ?: "https://api.salesloft.com/v2/"
}

class CrmClient(private val token: String) {
    private val ktor by lazy {
        HttpClient {
            defaultRequest { url(SalesloftConfig.baseUrl) }
        }
    }
    private val ok = OkHttpClient()

    suspend fun cadence(id: Long): String = ktor.get("cadences/$id").body()

    suspend fun addNote(personId: Long, text: String): String =
        ktor.post("notes") { setBody(mapOf("subject" to personId, "content" to text)) }.body()

    suspend fun everyStep() {
        var page = 1
        while (page < 20) {
            ktor.get("steps") {
                parameter("page", page)
                parameter("per_page", 100)
            }
            page += 1
        }
    }

    fun me(): String? {
        val req = Request.Builder().url("${SalesloftConfig.baseUrl}me").header("Authorization", "Bearer $token").build()
        return ok.newCall(req).execute().body?.string()
    }

    fun refresh(refreshToken: String): String? {
        val form = FormBody.Builder().add("refresh_token", refreshToken).build()
        val req = Request.Builder().url(oauth.host + oauth.tokenPath).post(form).build()
        return ok.newCall(req).execute().body?.string()
    }

    fun relay(method: String, path: String, body: RequestBody?): String? {
        val req = Request.Builder().url(SalesloftConfig.baseUrl + path).method(method, body).build()
        return ok.newCall(req).execute().body?.string()
    }

    fun ownAndOthers(): List<String> {
        println("calling ${SalesloftConfig.baseUrl}people")
        val other = Request.Builder().url("https://api.close.com/v2/lead/").build()
        ok.newCall(other).execute()
        return listOf("/api/v2/people")
    }
}

data class OAuthEndpoint(val host: String, val tokenPath: String)

val oauth = OAuthEndpoint(host = "https://accounts.salesloft.com", tokenPath = "/oauth/token")
