using System.CommandLine;
using System.Text.Json;
using Siprec.Cli.Output;

namespace Siprec.Cli.Commands;

/// <summary><c>siprecctl sessions list</c> and <c>siprecctl sessions get &lt;id&gt;</c>: the live recording sessions.</summary>
public static class SessionsCommand
{
    /// <summary>Creates the <c>sessions</c> command with its two subcommands.</summary>
    public static Command Create(ApiCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var list = new Command("list", HelpText.With(
            "List the live recording sessions with their participants and pause state.",
            "siprecctl sessions list",
            "siprecctl --json sessions list"));
        list.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            printer.Print(await client.ListSessionsAsync(token).ConfigureAwait(false), WriteList);
            return ExitCode.Ok;
        }, ct));

        var id = SessionArguments.Id("Session id (SIP Call-ID or RFC 7865 session id)");
        var get = new Command("get", HelpText.With(
            "Show one session: participants, streams and pause status.",
            "siprecctl sessions get call-123",
            "siprecctl --json sessions get 'abc/def+1@pbx.example.com'"))
        {
            id,
        };
        get.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            printer.Print(await client.GetSessionAsync(parse.GetRequiredValue(id), token).ConfigureAwait(false), DetailWriter.Write);
            return ExitCode.Ok;
        }, ct));

        return new Command("sessions", HelpText.With(
            "Live recording sessions.",
            "siprecctl sessions list",
            "siprecctl sessions get call-123"))
        {
            list,
            get,
        };
    }

    private static void WriteList(JsonElement answer, TextWriter writer)
    {
        var sessions = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("sessions", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray()]
            : Array.Empty<JsonElement>();
        // A cluster names each session's node; a single node does not, and its table keeps its columns.
        var clustered = sessions.Any(s => s.TryGetProperty("node", out _));
        string[] headers = ["ID", "STATE", "STARTED", "PARTICIPANTS", "RECORDING", "TRANSCRIPTION", "PAUSED FOR"];
        var table = new TableWriter(clustered ? [.. headers, "NODE"] : headers);
        foreach (var session in sessions)
        {
            var status = session.TryGetProperty("pause_status", out var s) ? s : default;
            string[] cells =
            [
                CellText.Of(session, "id"),
                CellText.Of(session, "state"),
                CellText.Of(session, "started_at"),
                CellText.Of(session, "participants"),
                PauseStatusTable.State(status, "recording_paused"),
                PauseStatusTable.State(status, "transcription_paused"),
                CellText.Of(status, "pause_duration"),
            ];
            table.AddRow(clustered ? [.. cells, CellText.Of(session, "node")] : cells);
        }

        if (table.RowCount == 0)
        {
            writer.WriteLine("no sessions");
            return;
        }

        table.WriteTo(writer);
    }
}
