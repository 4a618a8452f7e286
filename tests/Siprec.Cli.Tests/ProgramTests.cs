using System.Diagnostics;
using System.Text.Json;
using Siprec.Cli.Tests.Support;

namespace Siprec.Cli.Tests;

/// <summary>Runs the built siprecctl as its own process, the way an operator does.</summary>
public sealed class ProgramTests
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "siprecctl.dll");

    [Fact]
    public async Task RealProcessTalksToTheRealServer()
    {
        await using var server = await CliServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = ["k1"];
        });
        var session = server.AddSession("a/b+c");

        var paused = await RunProcessAsync(new() { ["SIPREC_SERVER"] = server.Url, ["SIPREC_API_KEY"] = "k1" }, "pause", "a/b+c", "--recording");
        Assert.True(paused.ExitCode == ExitCode.Ok, paused.ToString());
        Assert.Equal("paused", Assert.Single(Table.Parse(paused.Out, "SESSION"))["RECORDING"]);
        Assert.False(session.Pause.Current.RecordingOpen);

        var listed = await RunProcessAsync(new() { ["SIPREC_API_KEY"] = "k1" }, "--server", server.Url, "--json", "sessions", "list");
        Assert.True(listed.ExitCode == ExitCode.Ok, listed.ToString());
        using var json = JsonDocument.Parse(listed.Out);
        Assert.Equal("a/b+c", json.RootElement.GetProperty("sessions")[0].GetProperty("id").GetString());

        var refused = await RunProcessAsync(new() { ["SIPREC_API_KEY"] = null }, "--server", server.Url, "status");
        Assert.Equal(ExitCode.Unauthorized, refused.ExitCode);
        Assert.StartsWith("error: missing API key (X-API-Key header) (HTTP 401)", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealProcessUsageError()
    {
        var result = await RunProcessAsync(new(), "pause");
        Assert.Equal(ExitCode.Usage, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }

    private static async Task<CliResult> RunProcessAsync(Dictionary<string, string?> environment, params string[] args)
    {
        Assert.True(File.Exists(Dll), $"{Dll} was not built");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("SIPREC_SERVER");
        start.Environment.Remove("SIPREC_API_KEY");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
