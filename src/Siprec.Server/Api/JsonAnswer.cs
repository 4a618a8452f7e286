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

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext) => ApiResponse.WriteAsync(httpContext, statusCode, write);
}
