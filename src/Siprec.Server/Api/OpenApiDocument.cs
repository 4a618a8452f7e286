using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Siprec.Server.Api;

/// <summary>The hand-maintained OpenAPI 3.1 document of the whole HTTP API, served at <c>GET /openapi.json</c>.</summary>
public static class OpenApiDocument
{
    private const string ResourceName = "Siprec.Server.Api.openapi.json";

    /// <summary>The document's UTF-8 bytes, read once from the embedded resource.</summary>
    public static ReadOnlyMemory<byte> Utf8 { get; } = Load();

    /// <summary>Maps <c>GET /openapi.json</c>.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/openapi.json", async (HttpContext c) =>
        {
            c.Response.ContentType = "application/json";
            await c.Response.Body.WriteAsync(Utf8, c.RequestAborted).ConfigureAwait(false);
        });
    }

    private static byte[] Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
