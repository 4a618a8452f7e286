using Siprec.Cli.Tests.Support;

namespace Siprec.Cli.Tests;

public sealed class CliAppTests
{
    public static TheoryData<string[], string> UsageErrors => new()
    {
        { [], "Required command was not provided" },
        { ["bogus"], "Unrecognized command or argument 'bogus'" },
        { ["pause"], "Required argument missing" },
        { ["sessions", "get"], "Required argument missing" },
        { ["pause", "call-1", "--bogus"], "Unrecognized command or argument '--bogus'" },
        { ["status", "a", "b"], "Unrecognized command or argument 'b'" },
        { ["recordings", "list", "--limit", "0"], "--limit must be a positive number" },
        { ["recordings", "list", "--limit", "many"], "many" },
        { ["recordings", "download", "call-1"], "Option '--output' is required" },
        { ["sessions", "get", " "], "the id must not be empty" },
    };

    public static TheoryData<string[]> EveryCommand => new()
    {
        { Array.Empty<string>() },
        { ["health"] },
        { ["sessions"] },
        { ["sessions", "list"] },
        { ["sessions", "get"] },
        { ["pause"] },
        { ["resume"] },
        { ["pause-all"] },
        { ["resume-all"] },
        { ["status"] },
        { ["recordings"] },
        { ["recordings", "list"] },
        { ["recordings", "get"] },
        { ["recordings", "download"] },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task BadUsageExitsTwoWithTheReason(string[] args, string reason)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.Equal(ExitCode.Usage, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task EveryCommandHasHelpWithExamples(string[] command)
    {
        var result = await CliRunner.RunAsync([.. command, "--help"]);
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Contains("Examples:", result.Out, StringComparison.Ordinal);
        Assert.Contains(string.Join(' ', ["siprecctl", .. command]), result.Out, StringComparison.Ordinal);
        Assert.Contains("--server", result.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("/relative")]
    public async Task InvalidServerUrlIsAUsageError(string url)
    {
        var fromOption = await CliRunner.RunAsync("--server", url, "health");
        Assert.Equal(ExitCode.Usage, fromOption.ExitCode);
        Assert.Equal($"error: invalid server URL '{url}': expected an absolute http:// or https:// URL\n", fromOption.Error.ReplaceLineEndings("\n"));

        var fromEnvironment = await CliRunner.RunAsync(new Dictionary<string, string?> { ["SIPREC_SERVER"] = url }, "health");
        Assert.Equal(ExitCode.Usage, fromEnvironment.ExitCode);
        Assert.Contains(url, fromEnvironment.Error, StringComparison.Ordinal);
    }
}
