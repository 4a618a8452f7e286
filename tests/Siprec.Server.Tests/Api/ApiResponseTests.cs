using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Siprec.Server.Api;

namespace Siprec.Server.Tests.Api;

public sealed class ApiResponseTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3000)]
    public async Task Body_IsTheWholeDocument_WithItsLength(int entries)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await ApiResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            for (int i = 0; i < entries; i++)
                w.WriteString($"session-{i}", new string('x', i % 97));
            w.WriteEndObject();
        });

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(body.Length, context.Response.ContentLength);
        using var document = JsonDocument.Parse(body.ToArray());
        Assert.Equal(entries, document.RootElement.EnumerateObject().Count());
        Assert.Equal(new string('x', (entries - 1) % 97), document.RootElement.GetProperty($"session-{entries - 1}").GetString());
    }

    [Fact]
    public async Task FailureWhileWriting_SendsNothing()
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await Assert.ThrowsAsync<InvalidOperationException>(() => ApiResponse.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("partial", "yes");
            throw new InvalidOperationException("failure under test");
        }));

        Assert.Equal(0, body.Length);
        Assert.False(context.Response.HasStarted);
    }
}
