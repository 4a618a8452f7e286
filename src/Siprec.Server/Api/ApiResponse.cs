using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Siprec.Server.Api;

/// <summary>Writes JSON answers, including the error format <c>{"error": "...", "code": N}</c>.</summary>
public static class ApiResponse
{
    /// <summary>Writes a JSON body built by <paramref name="write"/> with the given status.</summary>
    public static async Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(write);

        // Built whole before anything is sent, so a failure while writing still leaves room for a clean 500.
        using var buffer = new PooledBufferWriter(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        buffer.Write("\n"u8);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes an error answer.</summary>
    public static Task ErrorAsync(HttpContext context, int statusCode, string message) => JsonAnswer.Error(statusCode, message).ExecuteAsync(context);
}
