using System.CommandLine;
using Siprec.Cli.Http;
using Siprec.Cli.Output;

namespace Siprec.Cli.Commands;

/// <summary><c>siprecctl resume &lt;id&gt;</c>: resumes a session's recording and/or transcription.</summary>
public static class ResumeCommand
{
    /// <summary>Creates the command; it prints the session's pause status after the resume.</summary>
    public static Command Create(ApiCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var id = SessionArguments.Id("Session id to resume");
        var flags = new PauseFlags("Resume");
        var command = new Command("resume", HelpText.With(
            "Resume one session. Without --recording or --transcription both are resumed; " +
            "with one of them only that one is resumed.",
            "siprecctl resume call-123",
            "siprecctl resume call-123 --transcription"))
        {
            id,
            flags.Recording,
            flags.Transcription,
        };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            var request = ResumeRequest.FromFlags(parse.GetValue(flags.Recording), parse.GetValue(flags.Transcription));
            printer.Print(await client.ResumeAsync(parse.GetRequiredValue(id), request, token).ConfigureAwait(false), PauseStatusTable.Write);
            return ExitCode.Ok;
        }, ct));
        return command;
    }
}
