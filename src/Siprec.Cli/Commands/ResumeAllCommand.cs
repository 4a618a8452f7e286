using System.CommandLine;

namespace Siprec.Cli.Commands;

/// <summary><c>siprecctl resume-all</c>: resumes every paused session.</summary>
public static class ResumeAllCommand
{
    /// <summary>Creates the command; it prints the server's message and every session's status.</summary>
    public static Command Create(ApiCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var command = new Command("resume-all", HelpText.With(
            "Resume the recording and transcription of every session.",
            "siprecctl resume-all",
            "siprecctl --json resume-all"));
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            printer.Print(await client.ResumeAllAsync(token).ConfigureAwait(false), PauseAllCommand.WriteBulkAnswer);
            return ExitCode.Ok;
        }, ct));
        return command;
    }
}
