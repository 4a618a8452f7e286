using System.CommandLine;
using Siprec.Cli.Http;
using Siprec.Cli.Output;

namespace Siprec.Cli.Commands;

/// <summary><c>siprecctl pause &lt;id&gt;</c>: pauses a session's recording and/or transcription.</summary>
public static class PauseCommand
{
    /// <summary>Creates the command; it prints the session's pause status after the pause.</summary>
    public static Command Create(ApiCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var id = SessionArguments.Id("Session id to pause");
        var flags = new PauseFlags("Pause");
        var command = new Command("pause", HelpText.With(
            "Pause one session. Without --recording or --transcription the server's defaults apply; " +
            "with one of them only that one is paused.",
            "siprecctl pause call-123",
            "siprecctl pause call-123 --recording --reason \"card number\"",
            "siprecctl pause call-123 --transcription"))
        {
            id,
            flags.Recording,
            flags.Transcription,
            flags.Reason,
        };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            var request = PauseRequest.FromFlags(
                parse.GetValue(flags.Recording), parse.GetValue(flags.Transcription), parse.GetValue(flags.Reason));
            printer.Print(await client.PauseAsync(parse.GetRequiredValue(id), request, token).ConfigureAwait(false), PauseStatusTable.Write);
            return ExitCode.Ok;
        }, ct));
        return command;
    }
}
