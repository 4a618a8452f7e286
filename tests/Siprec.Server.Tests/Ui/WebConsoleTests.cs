using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Ui;

public sealed class WebConsoleTests
{
    [Theory]
    [InlineData("/", "text/html", "<script src=\"/console/app.js\">")]
    [InlineData("/console/app.js", "text/javascript", "EventSource")]
    [InlineData("/console/app.css", "text/css", "#sessions-panel")]
    public async Task ConsoleAssetsAreServed(string path, string mediaType, string content)
    {
        await using var server = await RunningServer.StartAsync();
        using var response = await server.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
