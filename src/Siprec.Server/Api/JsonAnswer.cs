using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Siprec.Server.Api;

/// <summary>
/// An endpoint's JSON answer, written through <see cref="ApiResponse.WriteAsync"/> when executed: built whole in a pooled
/// buffer first, so a failure while writing leaves the response untouched for a clean 500.
/// </summary>
public sealed class JsonAnswer(int statusCode, Action<Utf8JsonWriter> write) : IResult, IStatusCodeHttpResult
{
    /// <inheritdoc/>
    public int? StatusCode => statusCode;

    /// <summary>The error format <c>{"error": "...", "code": N}</c>.</summary>
    public static JsonAnswer Error(int statusCode, string message) =>
        new(statusCode, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteNumber("code", statusCode);
            w.WriteEndObject();
        });

    /// <summary>The body as compact JSON, for an answer that travels to another node before it is sent.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>An answer that sends <paramref name="json"/>, written elsewhere, as this server writes its own.</summary>
    public static JsonAnswer Relay(int statusCode, string json) =>
        new(statusCode, w =>
        {
            using var document = JsonDocument.Parse(json);
            document.RootElement.WriteTo(w);
        });

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext) => ApiResponse.WriteAsync(httpContext, statusCode, write);
}
