using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Acme.Crm;

public static class SalesloftSettings
{
    public static readonly string BaseUrl = Environment.GetEnvironmentVariable("SALESLOFT_URL") ?? "https://api.salesloft.com/v2/";
}

public sealed class SalesloftGateway
{
    private static HttpClient _client;
    private readonly ILogger _log;

    public SalesloftGateway(ILogger log) { _log = log; }

    private static HttpClient Client()
    {
        return _client ??= new HttpClient { BaseAddress = new Uri(SalesloftSettings.BaseUrl) };
    }

    private async Task<string> SendAsync(HttpMethod method, string path)
    {
        using var req = new HttpRequestMessage(method, path);
        var res = await Client().SendAsync(req);
        return await res.Content.ReadAsStringAsync();
    }

    public Task<string> Person(long id) => SendAsync(HttpMethod.Get, $"people/{id}");

    public Task<string> DeleteTask(long id) => SendAsync(HttpMethod.Delete, "tasks/" + id);

    public async Task Import(object cadence)
    {
        _log.LogInformation("POST {Url}cadence_imports", SalesloftSettings.BaseUrl);
        await Client().PostAsJsonAsync("cadence_imports", cadence);
    }

    public async Task EveryCall()
    {
        for (var page = 1; page <= 50; page++)
        {
            var body = await Client().GetStringAsync(string.Format("activities/calls?per_page=100&page={0}", page));
            if (body.Contains("\"next_page\":null")) break;
        }
    }

    public async Task<string> Refresh(string refreshToken)
    {
        var res = await Client().PostAsync(Auth.Host + Auth.TokenPath, new FormUrlEncodedContent(new[] { KeyValuePair.Create("refresh_token", refreshToken) }));
        return await res.Content.ReadAsStringAsync();
    }

    private static readonly OAuthSettings Auth = new OAuthSettings { Host = "https://accounts.salesloft.com", TokenPath = "/oauth/token" };
}

public sealed class OAuthSettings
{
    public string Host { get; init; }
    public string TokenPath { get; init; }
}

[ApiController]
public class PassthroughController : ControllerBase
{
    private static readonly HttpClient Upstream = new HttpClient();

    [HttpGet("/api/v2/people")]
    public string Own() => "[]";

    public async Task<string> Forward(string verb, string path)
    {
        var msg = new HttpRequestMessage(new HttpMethod(verb), SalesloftSettings.BaseUrl + path);
        var res = await Upstream.SendAsync(msg);
        return await res.Content.ReadAsStringAsync();
    }

    public Task<string> Hubspot() => Upstream.GetStringAsync("https://api.hubapi.com/crm/v3/objects/contacts");

    public Task<string> Zendesk() => Upstream.GetStringAsync("https://acme.zendesk.com/api/v2/tickets.json");
}
