using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Siprec.Server.Hosting;
using Siprec.Server.Tests.Support;
using Siprec.Tests.Shared;

namespace Siprec.Server.Tests.Hosting;

public sealed class HttpsListenerTests
{
    [Fact]
    public async Task ApiConsoleMetricsAndHealthAnswerOverHttpsToClientsTrustingThePrivateCa()
    {
        using var ca = new TestCertificateAuthority();
        var serial = ca.IssueServerCertificate("siprec-1");
        await using var server = await StartAsync(ca, plaintext: true);
        server.AddSession("call-123");
        var https = HttpsAddress(server);

        string? presented = null;
        using (var client = new HttpClient(ca.CreateTrustingHandler(s => presented = s)) { BaseAddress = https })
        {
            foreach (var path in new[] { "/health/live", "/metrics", "/", "/openapi.json" })
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/sessions", UriKind.Relative));
            request.Headers.Add("X-API-Key", "your-api-key");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal(serial, presented);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);

        var (exit, stdout, stderr) = await ExternalCommand.RunAsync(
            "curl", ["-sS", "--cacert", ca.CaPath, "-H", "X-API-Key: your-api-key", new Uri(https, "/api/sessions/call-123/pause-status").ToString()]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("\"session_id\": \"call-123\"", stdout, StringComparison.Ordinal);
        (exit, _, _) = await ExternalCommand.RunAsync("curl", ["-sS", new Uri(https, "/health/live").ToString()]);
        Assert.Equal(60, exit);

        (exit, stdout, stderr) = await ExternalCommand.RunAsync(
            "python3", ["spec_client_https.py"],
            new Dictionary<string, string> { ["SIPREC_BASE_URL"] = https.ToString(), ["SIPREC_CA_CERT"] = ca.CaPath },
            Path.Combine(AppContext.BaseDirectory, "SpecExamples"));
        Assert.True(exit == 0, stderr);
        Assert.Equal(["verify=ca: 200", "verify=system: refused", "Session paused: True"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task RenewedCertificateIsServedWithoutRestart()
    {
        using var ca = new TestCertificateAuthority();
        var first = ca.IssueServerCertificate("siprec-old");
        await using var server = await StartAsync(ca, plaintext: false);
        var https = HttpsAddress(server);
        Assert.Equal(first, await PresentedSerialAsync(ca, https));

        var second = ca.IssueServerCertificate("siprec-new");
        File.SetLastWriteTimeUtc(ca.CertPath, DateTime.UtcNow.AddMinutes(1));
        File.SetLastWriteTimeUtc(ca.KeyPath, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(first, await PresentedSerialAsync(ca, https));

        server.Clock.Advance(HttpsCertificate.CheckInterval);
        Assert.Equal(second, await PresentedSerialAsync(ca, https));
        Assert.Contains(server.Logs.Lines, l => l.Contains("HTTPS certificate reloaded", StringComparison.Ordinal) && l.Contains("siprec-new", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutPlaintextOnlyHttpsListens()
    {
        using var ca = new TestCertificateAuthority();
        ca.IssueServerCertificate("siprec-1");
        await using var server = await StartAsync(ca, plaintext: false);
        var addresses = server.Service<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Assert.All(addresses, a => Assert.StartsWith("https://", a, StringComparison.Ordinal));
    }

    private static Task<RunningServer> StartAsync(TestCertificateAuthority ca, bool plaintext) => RunningServer.StartAsync(o =>
    {
        o.Http.TlsCert = ca.CertPath;
        o.Http.TlsKey = ca.KeyPath;
        o.Http.HttpsPort = 0;
        o.Http.Plaintext = plaintext;
        o.PauseResume.RequireAuth = true;
        o.PauseResume.ApiKeys = ["your-api-key"];
    });

    private static Uri HttpsAddress(RunningServer server) =>
        new(server.Service<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)));

    private static async Task<string?> PresentedSerialAsync(TestCertificateAuthority ca, Uri https)
    {
        string? presented = null;
        using var client = new HttpClient(ca.CreateTrustingHandler(s => presented = s)) { BaseAddress = https };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        return presented;
    }
}
