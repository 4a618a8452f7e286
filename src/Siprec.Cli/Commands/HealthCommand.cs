using System.CommandLine;
using System.Text.Json;
using Siprec.Cli.Output;

namespace Siprec.Cli.Commands;

/// <summary><c>siprecctl health</c>: the server's status, version, uptime and each health check.</summary>
public static class HealthCommand
{
    /// <summary>Creates the command; it exits 1 when the server reports itself degraded.</summary>
    public static Command Create(ApiCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var command = new Command("health", HelpText.With(
            "Show the server's health: status, version, uptime and each check. Exits 1 when the server is degraded.",
            "siprecctl health",
            "siprecctl --json health"));
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, printer, token) =>
        {
            var health = await client.GetHealthAsync(token).ConfigureAwait(false);
            printer.Print(health, Write);
            return CellText.Of(health, "status") == "ok" ? ExitCode.Ok : ExitCode.ServerError;
        }, ct));
        return command;
    }

    private static void Write(JsonElement health, TextWriter writer)
    {
        writer.WriteLine("status:  " + CellText.Of(health, "status"));
        writer.WriteLine("version: " + CellText.Of(health, "version"));
        writer.WriteLine("uptime:  " + CellText.Of(health, "uptime"));
        if (health.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Object)
        {
            var table = new TableWriter("CHECK", "STATUS", "DETAIL");
            foreach (var check in checks.EnumerateObject())
            {
                table.AddRow(check.Name, CellText.Of(check.Value, "status"), CellText.Of(check.Value, "detail"));
            }

            writer.WriteLine();
            table.WriteTo(writer);
        }
    }
}
