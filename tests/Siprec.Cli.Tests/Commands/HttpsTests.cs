using Siprec.Cli.Tests.Support;
using Siprec.Tests.Shared;

namespace Siprec.Cli.Tests.Commands;

public sealed class HttpsTests
{
    [Fact]
    public async Task CaCertLetsTheCliTalkToAServerWithAPrivateCa()
    {
        using var ca = new TestCertificateAuthority();
        ca.IssueServerCertificate("siprec-1");
        await using var server = await CliServer.StartAsync(o =>
        {
            o.Http.TlsCert = ca.CertPath;
            o.Http.TlsKey = ca.KeyPath;
            o.Http.HttpsPort = 0;
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = ["s3cret"];
        });
        server.AddSession("call-1");

        var trusted = await CliRunner.RunAsync("--server", server.HttpsUrl, "--ca-cert", ca.CaPath, "--api-key", "s3cret", "pause", "call-1");
        Assert.True(trusted.ExitCode == ExitCode.Ok, trusted.Error);
        Assert.True(server.Registry.TryGet("call-1", out var session));
        Assert.True(session!.Pause.Snapshot.IsPaused);

        var fromEnvironment = await CliRunner.RunAsync(
            new Dictionary<string, string?> { ["SIPREC_CA_CERT"] = ca.CaPath, ["SIPREC_API_KEY"] = "s3cret" }, "--server", server.HttpsUrl, "status");
        Assert.True(fromEnvironment.ExitCode == ExitCode.Ok, fromEnvironment.Error);

        var untrusted = await CliRunner.RunAsync("--server", server.HttpsUrl, "--api-key", "s3cret", "status");
        Assert.Equal(ExitCode.Unreachable, untrusted.ExitCode);

        var missing = await CliRunner.RunAsync("--server", server.HttpsUrl, "--ca-cert", Path.Combine(ca.Directory, "none.pem"), "status");
        Assert.Equal(ExitCode.Usage, missing.ExitCode);
        Assert.StartsWith("error: cannot read the CA certificate", missing.Error, StringComparison.Ordinal);
    }
}
