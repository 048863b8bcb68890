package com.acme.sync

import okhttp3.OkHttpClient
import okhttp3.Request

open class Collection(private val segment: String) {
    private val http = OkHttpClient()
    private val root = "https://api.salesloft.com/v2"

    fun list(): String? = http.newCall(Request.Builder().url("$root/$segment").get().build()).execute().body?.string()

    fun byId(id: Long): String? = http.newCall(Request.Builder().url("$root/$segment/$id").build()).execute().body?.string()
}

class Teams : Collection("team_templates")
class Dispositions : Collection("call_dispositions")
