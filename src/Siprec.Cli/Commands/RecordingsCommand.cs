using System.CommandLine;
using System.Text.Json;
using Siprec.Cli.Http;
using Siprec.Cli.Output;

namespace Siprec.Cli.Commands;

/// <summary><c>siprecctl recordings list|get|download (decrypt)|hold|unhold</c>: finished and live recordings on the server's storage.</summary>
public static class RecordingsCommand
{
    /// <summary>Creates the <c>recordings</c> command with its subcommands.</summary>
    public static Command Create(ApiCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return new Command("recordings", HelpText.With(
            "Recordings kept by the server.",
            "siprecctl recordings list --participant sip:alice@example.com",
            "siprecctl recordings get call-123",
            "siprecctl recordings download call-123 -o call-123.wav",
            "siprecctl recordings hold call-123"))
        {
            List(runner),
            Get(runner),
            Download(runner),
            Hold(runner, "hold", held: true, "Place a legal hold on a recording: retention never deletes it."),
            Hold(runner, "unhold", held: false, "Lift a recording's legal hold: retention applies to it again."),
        };
    }

    private static Command List(ApiCommandRunner runner)
    {
        var callId = new Option<string?>("--call-id") { Description = "Only recordings of this SIP Call-ID", HelpName = "ID" };
        var participant = new Option<string?>("--participant") { Description = "Only recordings with this participant (AOR or name)", HelpName = "X" };
        var limit = new Option<int?>("--limit", "-n") { Description = "At most this many recordings", HelpName = "N" };
        limit.Validators.Add(result =>
        {
            // Only a well-formed number is checked here; anything else already fails to parse with its own error.
            if (result.Tokens is [var token] && int.TryParse(token.Value, out var value) && value <= 0)
            {
                result.AddError("--limit must be a positive number");
            }
        });
        var command = new Command("list", HelpText.With(
            "List recordings, newest first as the server orders them.",
            "siprecctl recordings list",
            "siprecctl recordings list --call-id call-123",
            "siprecctl recordings list --participant sip:alice@example.com --limit 10"))
        {
            callId,
            participant,
            limit,
        };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            var query = new RecordingQuery(parse.GetValue(callId), parse.GetValue(participant), parse.GetValue(limit));
            printer.Print(await client.ListRecordingsAsync(query, token).ConfigureAwait(false), WriteList);
            return ExitCode.Ok;
        }, ct));
        return command;
    }

    private static Command Get(ApiCommandRunner runner)
    {
        var id = SessionArguments.Id("Recording id");
        var command = new Command("get", HelpText.With(
            "Show one recording's metadata sidecar: participants, streams, pauses.",
            "siprecctl recordings get call-123",
            "siprecctl --json recordings get call-123"))
        {
            id,
        };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            printer.Print(await client.GetRecordingAsync(parse.GetRequiredValue(id), token).ConfigureAwait(false), DetailWriter.Write);
            return ExitCode.Ok;
        }, ct));
        return command;
    }

    private static Command Download(ApiCommandRunner runner)
    {
        var id = SessionArguments.Id("Recording id");
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "File to write the WAV to (replaced if it exists)",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("download", HelpText.With(
            "Download a recording's WAV file; a recording encrypted at rest is decrypted by the server on the way out.",
            "siprecctl recordings download call-123 -o call-123.wav",
            "siprecctl recordings decrypt call-123 -o call-123.wav"))
        {
            id,
            output,
        };
        // The server holds the master key, so decrypting is downloading: one command under the name people look for.
        command.Aliases.Add("decrypt");
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            var target = parse.GetRequiredValue(output);
            var partial = target.FullName + ".part";
            long bytes;
            try
            {
                var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    bytes = await client.DownloadRecordingAsync(parse.GetRequiredValue(id), file, token).ConfigureAwait(false);
                }

                File.Move(partial, target.FullName, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await runner.Environment.Error.WriteLineAsync($"error: cannot write {target.FullName}: {ex.Message}").ConfigureAwait(false);
                return ExitCode.ServerError;
            }
            finally
            {
                if (File.Exists(partial))
                {
                    File.Delete(partial);
                }
            }

            await printer.Writer.WriteLineAsync($"saved {bytes} bytes to {target.FullName}").ConfigureAwait(false);
            return ExitCode.Ok;
        }, ct));
        return command;
    }

    private static Command Hold(ApiCommandRunner runner, string name, bool held, string summary)
    {
        var id = SessionArguments.Id("Recording id");
        var command = new Command(name, HelpText.With(summary, $"siprecctl recordings {name} call-123"))
        {
            id,
        };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            printer.Print(await client.SetRecordingHoldAsync(parse.GetRequiredValue(id), held, token).ConfigureAwait(false), DetailWriter.Write);
            return ExitCode.Ok;
        }, ct));
        return command;
    }

    private static void WriteList(JsonElement answer, TextWriter writer)
    {
        var items = answer.ValueKind switch
        {
            JsonValueKind.Array => answer,
            JsonValueKind.Object when answer.TryGetProperty("recordings", out var r) && r.ValueKind == JsonValueKind.Array => r,
            _ => default,
        };
        var table = new TableWriter("ID", "CALL ID", "STARTED", "ENDED", "DURATION", "PARTICIPANTS");
        if (items.ValueKind == JsonValueKind.Array)
        {
            foreach (var recording in items.EnumerateArray())
            {
                table.AddRow(
                    CellText.Of(recording, "id"),
                    CellText.Of(recording, "call_id"),
                    CellText.Of(recording, "started_at"),
                    CellText.Of(recording, "ended_at"),
                    CellText.Of(recording, "duration_seconds"),
                    CellText.Of(recording, "participants"));
            }
        }

        if (table.RowCount == 0)
        {
            writer.WriteLine("no recordings");
            return;
        }

        table.WriteTo(writer);
    }
}
