using System.CommandLine;

namespace Siprec.Cli.Commands;

/// <summary>Builds the whole command tree of <c>siprecctl</c>, fresh for each run.</summary>
public static class SiprecCommandLine
{
    /// <summary>The root command with every subcommand and the global options.</summary>
    public static RootCommand Create(CommandEnvironment environment)
    {
        var options = new GlobalOptions();
        var runner = new ApiCommandRunner(environment, options);
        var root = new RootCommand(HelpText.With(
            "Command-line client of the SIPREC recording server's REST API.",
            "siprecctl health",
            "siprecctl --server http://srs.example.com:8080 --api-key s3cret sessions list",
            "SIPREC_API_KEY=s3cret siprecctl pause call-123 --recording --reason \"card number\"",
            "siprecctl --json status"))
        {
            options.Server,
            options.ApiKey,
            options.CaCert,
            options.Json,
            HealthCommand.Create(runner),
            SessionsCommand.Create(runner),
            PauseCommand.Create(runner),
            ResumeCommand.Create(runner),
            PauseAllCommand.Create(runner),
            ResumeAllCommand.Create(runner),
            StatusCommand.Create(runner),
            RecordingsCommand.Create(runner),
            KeysCommand.Create(runner),
            NodesCommand.Create(runner),
        };
        return root;
    }
}
