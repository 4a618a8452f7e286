using System.CommandLine;
using System.Text.Json;
using Siprec.Cli.Http;
using Siprec.Cli.Output;

namespace Siprec.Cli.Commands;

/// <summary><c>siprecctl pause-all</c>: pauses every live session.</summary>
public static class PauseAllCommand
{
    /// <summary>Creates the command; it prints the server's message and every session's status.</summary>
    public static Command Create(ApiCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var flags = new PauseFlags("Pause");
        var command = new Command("pause-all", HelpText.With(
            "Pause every live session. Without --recording or --transcription the server's defaults apply; " +
            "with one of them only that one is paused.",
            "siprecctl pause-all",
            "siprecctl pause-all --transcription --reason maintenance"))
        {
            flags.Recording,
            flags.Transcription,
            flags.Reason,
        };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            var request = PauseRequest.FromFlags(
                parse.GetValue(flags.Recording), parse.GetValue(flags.Transcription), parse.GetValue(flags.Reason));
            printer.Print(await client.PauseAllAsync(request, token).ConfigureAwait(false), WriteBulkAnswer);
            return ExitCode.Ok;
        }, ct));
        return command;
    }

    /// <summary>Writes a pause-all or resume-all answer: its message, then the status table.</summary>
    public static void WriteBulkAnswer(JsonElement answer, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(CellText.Of(answer, "message"));
        writer.WriteLine();
        PauseStatusTable.WriteMap(answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("statuses", out var s) ? s : default, writer);
    }
}
