namespace Siprec.Cli.Tests.Support;

/// <summary>Runs the CLI's entry point in-process with captured output and a given environment.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, environment ?? new Dictionary<string, string?>())
            .WaitAsync(TimeSpan.FromSeconds(60));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);
}
