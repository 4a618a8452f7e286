using System.Net;

namespace Siprec.EndToEnd.Tests.Infrastructure;

public sealed class ServerProcessTests : IDisposable
{
    private readonly TestDirectory _directory = new("server-process");

    [Fact]
    public async Task StartsOnLeasedPortsAnswersLivenessAndStopsOnSigterm()
    {
        var server = await ServerProcess.StartAsync(_directory);
        await using (server)
        {
            using var response = await server.Http.GetAsync(new Uri("health/live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(99, server.RtpPortMax - server.RtpPortMin);
            Assert.True(File.Exists(server.LogPath));

            await server.StopAsync(TimeSpan.FromSeconds(15));
            Assert.True(server.HasExited);
            Assert.Equal(0, server.ExitCode);
        }
    }

    [Fact]
    public async Task KillEndsTheServerAtOnce()
    {
        var server = await ServerProcess.StartAsync(_directory);
        await using (server)
        {
            server.Kill();
            await Task.Delay(50);
            await server.StopAsync(TimeSpan.FromSeconds(5));
            Assert.True(server.HasExited);
            Assert.NotEqual(0, server.ExitCode);
        }
    }

    public void Dispose() => _directory.Dispose();
}
