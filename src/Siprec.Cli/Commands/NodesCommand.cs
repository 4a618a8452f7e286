using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Siprec.Cli.Output;

namespace Siprec.Cli.Commands;

/// <summary><c>siprecctl nodes</c>, <c>siprecctl nodes drain &lt;id&gt;</c> and <c>siprecctl nodes undrain &lt;id&gt;</c>.</summary>
public static class NodesCommand
{
    /// <summary>Creates the <c>nodes</c> command: lists the nodes, or drains or undrains one.</summary>
    public static Command Create(ApiCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var nodes = new Command("nodes", HelpText.With(
            "List the recorder nodes (every node of a cluster) with their state, live sessions, free disk, version and uptime.",
            "siprecctl nodes",
            "siprecctl nodes drain recorder-2",
            "siprecctl nodes undrain recorder-2"))
        {
            Change(runner, "drain", "Drain a node: it answers new INVITEs and OPTIONS probes 503 while its live calls run to their end."),
            Change(runner, "undrain", "Undrain a node: it takes new calls again."),
        };
        nodes.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            printer.Print(await client.ListNodesAsync(token).ConfigureAwait(false), WriteList);
            return ExitCode.Ok;
        }, ct));
        return nodes;
    }

    private static Command Change(ApiCommandRunner runner, string action, string description)
    {
        var id = SessionArguments.Id("Node id, as siprecctl nodes lists it");
        var command = new Command(action, HelpText.With(description, $"siprecctl nodes {action} recorder-2"))
        {
            id,
        };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            var answer = await client.ChangeNodeAsync(parse.GetRequiredValue(id), action, token).ConfigureAwait(false);
            printer.Print(answer, (node, writer) => writer.WriteLine(node.TryGetProperty("message", out var queued)
                ? queued.GetString()
                : $"node {CellText.Of(node, "id")}: {CellText.Of(node, "state")}"));
            return ExitCode.Ok;
        }, ct));
        return command;
    }

    private static void WriteList(JsonElement answer, TextWriter writer)
    {
        var table = new TableWriter(["ID", "STATE", "REFUSING", "SESSIONS", "FREE DISK", "VERSION", "UPTIME", "URL"]);
        var nodes = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("nodes", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : default;
        foreach (var node in nodes)
        {
            table.AddRow(
            [
                CellText.Of(node, "id"),
                CellText.Of(node, "state"),
                CellText.Of(node, "refusing"),
                CellText.Of(node, "sessions"),
                node.TryGetProperty("free_disk_bytes", out var free) && free.ValueKind == JsonValueKind.Number ? Bytes(free.GetInt64()) : "-",
                CellText.Of(node, "version"),
                node.TryGetProperty("uptime_seconds", out var up) && up.ValueKind == JsonValueKind.Number ? Duration(up.GetInt64()) : "-",
                CellText.Of(node, "url"),
            ]);
        }

        table.WriteTo(writer);
    }

    private static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString(unit == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + units[unit];
    }

    private static string Duration(long seconds)
    {
        var span = TimeSpan.FromSeconds(seconds);
        return span.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d{span.Hours}h")
            : span.TotalHours >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h{span.Minutes}m")
                : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds}s");
    }
}
