using System.CommandLine;
using Siprec.Cli.Output;

namespace Siprec.Cli.Commands;

/// <summary><c>siprecctl status [&lt;id&gt;]</c>: the pause status of one session, or of every session.</summary>
public static class StatusCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(ApiCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var id = new Argument<string?>("id")
        {
            Description = "Session id; every session when left out",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("status", HelpText.With(
            "Show the pause status of one session, or of every session.",
            "siprecctl status",
            "siprecctl status call-123",
            "siprecctl --json status call-123"))
        {
            id,
        };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            if (parse.GetValue(id) is { Length: > 0 } sessionId)
            {
                printer.Print(await client.GetPauseStatusAsync(sessionId, token).ConfigureAwait(false), PauseStatusTable.Write);
            }
            else
            {
                printer.Print(await client.GetAllPauseStatusesAsync(token).ConfigureAwait(false), PauseStatusTable.WriteMap);
            }

            return ExitCode.Ok;
        }, ct));
        return command;
    }
}
