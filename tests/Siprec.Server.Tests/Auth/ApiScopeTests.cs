using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Siprec.Server.Api;
using Siprec.Server.Auth;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Auth;

public sealed class ApiScopeTests : IAsyncLifetime
{
    // Each route of the API with the scope it needs; a route missing here fails EveryRouteHasTheScopeOfTheTable.
    private static readonly (string Method, string Route, ApiScope Scope)[] Routes =
    [
        ("GET", "/api/events", ApiScope.Read),
        ("GET", "/api/sessions", ApiScope.Read),
        ("GET", "/api/sessions/{id}", ApiScope.Read),
        ("GET", "/api/sessions/pause-status", ApiScope.Read),
        ("GET", "/api/sessions/{id}/pause-status", ApiScope.Read),
        ("POST", "/api/sessions/{id}/pause", ApiScope.Pause),
        ("POST", "/api/sessions/{id}/resume", ApiScope.Pause),
        ("POST", "/api/sessions/pause-all", ApiScope.PauseAll),
        ("POST", "/api/sessions/resume-all", ApiScope.PauseAll),
        ("GET", "/api/sessions/{id}/transcript/stream", ApiScope.Recordings),
        ("GET", "/api/transcripts/stream", ApiScope.Recordings),
        ("GET", "/api/recordings", ApiScope.Read),
        ("GET", "/api/recordings/{id}", ApiScope.Read),
        ("GET", "/api/recordings/{id}/audio", ApiScope.Recordings),
        ("GET", "/api/recordings/{id}/transcript", ApiScope.Recordings),
        ("POST", "/api/recordings/{id}/hold", ApiScope.Admin),
        ("DELETE", "/api/recordings/{id}/hold", ApiScope.Admin),
        ("POST", "/api/keys/rotate", ApiScope.Admin),
        ("GET", "/api/nodes", ApiScope.Read),
        ("POST", "/api/nodes/{id}/drain", ApiScope.Admin),
        ("POST", "/api/nodes/{id}/undrain", ApiScope.Admin),
        ("GET", "/api/recordings/{id}/vcon", ApiScope.Recordings),
    ];

    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        var keysFile = Path.Combine(Path.GetTempPath(), "siprec-keys-" + Guid.NewGuid().ToString("N") + ".json");
        var entries = ApiScopeText.All.Select(s => new { id = "only-" + ApiScopeText.Name(s), key = "secret-" + ApiScopeText.Name(s), scopes = new[] { ApiScopeText.Name(s) } });
        await File.WriteAllTextAsync(keysFile, JsonSerializer.Serialize(entries));
        try
        {
            _server = await RunningServer.StartAsync(o =>
            {
                o.PauseResume.RequireAuth = true;
                o.PauseResume.ApiKeys = ["every-scope"];
                o.PauseResume.ApiKeysFile = keysFile;
            });
        }
        finally
        {
            File.Delete(keysFile);
        }

        _server.AddSession("s1");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void EveryApiEndpointDeclaresAScope()
    {
        var undeclared = ApiEndpoints().Where(e => e.Metadata.GetMetadata<RequiredScope>() is null).Select(e => e.RoutePattern.RawText).ToList();
        Assert.Empty(undeclared);
    }

    [Fact]
    public void EveryRouteHasTheScopeOfTheTable()
    {
        var mapped = ApiEndpoints()
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(m => (m, "/" + string.Join('/', e.RoutePattern.PathSegments.Select(Segment)), e.Metadata.GetMetadata<RequiredScope>()!.Scope)))
            .OrderBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.m, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(Routes.OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal), mapped);
    }

    [Fact]
    public async Task EachScopeIsAllowedAndDeniedOnEachRoute()
    {
        foreach (var (method, route, needed) in Routes)
        {
            foreach (var held in ApiScopeText.All)
            {
                var (status, body) = await SendAsync(method, route, "secret-" + ApiScopeText.Name(held));
                if (held == needed)
                {
                    Assert.True(status is not (401 or 403 or 429), $"{method} {route} with a '{ApiScopeText.Name(held)}' key answered {status}");
                }
                else
                {
                    Assert.True(status == 403, $"{method} {route} with a '{ApiScopeText.Name(held)}' key answered {status}, not 403");
                    Assert.Equal($"API key lacks the '{ApiScopeText.Name(needed)}' scope", body.GetProperty("error").GetString());
                    Assert.Equal(403, body.GetProperty("code").GetInt32());
                }
            }

            var (allStatus, _) = await SendAsync(method, route, "every-scope");
            Assert.True(allStatus is not (401 or 403 or 429), $"{method} {route} with a PAUSE_RESUME_API_KEY key answered {allStatus}");
        }
    }

    [Fact]
    public async Task DenialNamesTheKeyIdNeverTheKey()
    {
        var (status, _) = await SendAsync("POST", "/api/sessions/pause-all", "secret-read");
        Assert.Equal(403, status);
        Assert.Contains(_server.Logs.Lines, l => l.Contains("only-read", StringComparison.Ordinal) && l.Contains("missing_scope", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Contains("secret-", StringComparison.Ordinal));
    }

    private IEnumerable<RouteEndpoint> ApiEndpoints() =>
        _server.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true);

    private static string Segment(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPathSegment segment) =>
        string.Concat(segment.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => string.Empty,
        }));

    private async Task<(int Status, JsonElement Body)> SendAsync(string method, string route, string key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(route.Replace("{id}", "s1", StringComparison.Ordinal), UriKind.Relative));
        request.Headers.Add("X-API-Key", key);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { reason = "scope test" });
        }

        // Streams answer their headers and then stay open: only the status and an error body are read.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var status = (int)response.StatusCode;
        var body = status >= 400 && response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonDocument.Parse(await response.Content.ReadAsStringAsync(cts.Token)).RootElement.Clone()
            : default;
        return (status, body);
    }
}
