using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Siprec.Server.Ui;

/// <summary>
/// The operator web console: plain HTML, CSS and JavaScript embedded in the server and served at <c>/</c>; it uses only
/// the public HTTP API.
/// </summary>
public static class WebConsole
{
    private const string Prefix = "Siprec.Server.wwwroot.";

    /// <summary>Maps <c>GET /</c> (the page) and <c>GET /console/{file}</c> for each embedded asset.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var assembly = typeof(WebConsole).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var contentType = ContentTypeOf(name);
            var route = name == "index.html" ? "/" : "/console/" + name;
            endpoints.MapGet(route, async (HttpContext c) =>
            {
                c.Response.ContentType = contentType;
                c.Response.Headers.CacheControl = "no-cache";
                await c.Response.Body.WriteAsync(bytes, c.RequestAborted).ConfigureAwait(false);
            });
        }
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
}
