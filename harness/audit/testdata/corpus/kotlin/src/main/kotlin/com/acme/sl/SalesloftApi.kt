package com.acme.sl

import retrofit2.Retrofit
import retrofit2.http.Body
import retrofit2.http.DELETE
import retrofit2.http.GET
import retrofit2.http.POST
import retrofit2.http.Path
import retrofit2.http.Query

interface SalesloftApi {
    @GET("v2/people/{id}")
    suspend fun person(@Path("id") id: Long): PersonEnvelope

    @POST("v2/cadence_memberships")
    suspend fun enroll(@Query("person_id") personId: Long, @Query("cadence_id") cadenceId: Long): MembershipEnvelope

    @GET("v2/steps")
    suspend fun steps(@Query("cadence_id") cadenceId: Long): StepsEnvelope

    @DELETE("v2/webhook_subscriptions/{id}")
    suspend fun unsubscribe(@Path("id") id: Long)
}

object SalesloftApiFactory {
    private const val BASE_URL = "https://api.salesloft.com/"

    fun create(): SalesloftApi = Retrofit.Builder()
        .baseUrl(BASE_URL)
        .build()
        .create(SalesloftApi::class.java)

    fun greeting(name: String) = "Hello, $name — syncing ${name.length} records"
}
