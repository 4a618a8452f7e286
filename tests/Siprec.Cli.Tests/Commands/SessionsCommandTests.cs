using System.Text.Json;
using Siprec.Cli.Tests.Support;

namespace Siprec.Cli.Tests.Commands;

public sealed class SessionsCommandTests : IAsyncLifetime
{
    private CliServer _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ListPrintsOneAlignedRowPerSession()
    {
        _server.AddSession("call-1", "rs-1");
        _server.AddSession("a/b+c@pbx.example.com");
        await CliRunner.RunAsync(_server.Args("pause", "call-1", "--recording"));
        _server.Clock.Advance(TimeSpan.FromSeconds(150));

        var result = await CliRunner.RunAsync(_server.Args("sessions", "list"));

        Assert.Equal(ExitCode.Ok, result.ExitCode);
        var rows = Table.Parse(result.Out, "ID").ToDictionary(r => r["ID"]);
        Assert.Equal(2, rows.Count);
        var paused = rows["call-1"];
        Assert.Equal("active", paused["STATE"]);
        Assert.Equal("2023-12-01T10:30:00Z", paused["STARTED"]);
        Assert.Equal("Alice, sip:bob@example.com", paused["PARTICIPANTS"]);
        Assert.Equal("paused", paused["RECORDING"]);
        Assert.Equal("on", paused["TRANSCRIPTION"]);
        Assert.Equal("2m30s", paused["PAUSED FOR"]);
        Assert.Equal("on", rows["a/b+c@pbx.example.com"]["RECORDING"]);
        Assert.Equal("0s", rows["a/b+c@pbx.example.com"]["PAUSED FOR"]);
    }

    [Fact]
    public async Task ListWithoutSessionsSaysSo()
    {
        var result = await CliRunner.RunAsync(_server.Args("sessions", "list"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal("no sessions\n", result.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ListJsonIsTheServersAnswer()
    {
        _server.AddSession("call-1");
        var result = await CliRunner.RunAsync(_server.Args("sessions", "list", "--json"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(1, json.RootElement.GetProperty("count").GetInt32());
        var session = Assert.Single(json.RootElement.GetProperty("sessions").EnumerateArray());
        Assert.Equal("call-1", session.GetProperty("id").GetString());
        Assert.Equal(2, session.GetProperty("participants").GetArrayLength());
    }

    [Theory]
    [InlineData("call-1")]
    [InlineData("a/b+c@pbx.example.com")]
    [InlineData("1/2/3")]
    [InlineData("x+y z")]
    [InlineData("caf\u00e9%41")]
    public async Task GetShowsTheSession(string id)
    {
        _server.AddSession(id, "rs-9");
        var result = await CliRunner.RunAsync(_server.Args("sessions", "get", id));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        var fields = Fields.Parse(result.Out);
        Assert.Equal(id, fields["id"]);
        Assert.Equal("rs-9", fields["session_id"]);
        Assert.Equal("no", fields["pause_status.recording_paused"]);
        Assert.Equal("-", fields["pause_status.paused_at"]);
        Assert.Contains("\nparticipants:\n", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var participants = Table.Parse(result.Out, "AOR");
        Assert.Equal(["Alice", "-"], participants.Select(p => p["NAME"]));
        Assert.Equal(["1", "2"], participants.Select(p => p["STREAM LABELS"]));
        Assert.Equal(["audio", "audio"], Table.Parse(result.Out, "INDEX").Select(s => s["MEDIA TYPE"]));
    }

    [Theory]
    [InlineData("a/b+c@pbx.example.com")]
    [InlineData("x+y")]
    public async Task GetJsonKeepsIdsReadable(string id)
    {
        _server.AddSession(id);
        var result = await CliRunner.RunAsync(_server.Args("--json", "sessions", "get", id));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(id, json.RootElement.GetProperty("id").GetString());
        Assert.Contains($"\"id\": \"{id}\"", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("a/b+c")]
    public async Task UnknownSessionExitsOne(string id)
    {
        _server.AddSession("call-1");
        var result = await CliRunner.RunAsync(_server.Args("sessions", "get", id));
        Assert.Equal(ExitCode.ServerError, result.ExitCode);
        Assert.Equal($"error: session not found: {id} (HTTP 404)\n", result.Error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, result.Out);
    }
}
